import { describe, expect, it } from 'vitest';
import { fileErrorReason } from '../../src/main/photos/file-error-reason.js';

const failure = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('file errors in the import report', () => {
  it('names each failure an officer can meet on a card', () => {
    expect(fileErrorReason(failure('ENOENT'), 'file')).toMatchObject({
      reason: 'removed',
      message: expect.stringMatching(/card removed/),
    });
    expect(fileErrorReason(failure('ENODEV'), 'folder').reason).toBe('removed');
    expect(fileErrorReason(failure('EACCES'), 'file')).toEqual({
      reason: 'unreadable',
      message: 'Permission denied reading the file',
      text: { key: 'photo-import:skip.denied', values: { what: 'file' } },
    });
    expect(fileErrorReason(failure('EIO'), 'file')).toMatchObject({
      reason: 'unreadable',
      message: expect.stringMatching(/damaged card/),
    });
    expect(fileErrorReason(failure('ELOOP'), 'link').reason).toBe('symlink-loop');
    expect(fileErrorReason(failure('ENOENT'), 'link').message).toMatch(/does not exist/);
    // What a pulled card or a held file says on Windows (libuv leaves device errors UNKNOWN).
    expect(fileErrorReason(failure('UNKNOWN'), 'file')).toMatchObject({
      reason: 'unreadable',
      message: expect.stringMatching(/card removed/),
    });
    expect(fileErrorReason(failure('ETIMEDOUT'), 'folder').message).toMatch(/card removed/);
    expect(fileErrorReason(failure('EBUSY'), 'file')).toMatchObject({
      reason: 'locked',
      message: expect.stringMatching(/in use by another program/),
    });
    expect(fileErrorReason(failure('EWHATEVER'), 'file')).toMatchObject({
      reason: 'unreadable',
      message: expect.stringMatching(/EWHATEVER/),
    });
  });
});
