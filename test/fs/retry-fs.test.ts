import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLockedError, retryFs, retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { instantRetry, lockedFileOps, windowsError } from '../support/windows-locks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-retry-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a file another program holds for a moment', () => {
  it.each(['EBUSY', 'EPERM', 'EACCES'])('is renamed once the %s lock ends', async (code) => {
    const from = join(dir, 'staged.part');
    writeFileSync(from, 'photo');
    const { ops, calls } = lockedFileOps([{ op: 'rename', match: () => true, code, times: 3 }]);
    await retryingFileOps(ops, instantRetry).rename(from, join(dir, 'photo.jpg'));
    expect(readFileSync(join(dir, 'photo.jpg'), 'utf8')).toBe('photo');
    expect(calls.map((c) => c.failed)).toEqual([true, true, true, false]);
  });

  it.each([
    ['unlink', 'EPERM'],
    ['copyFile', 'EBUSY'],
    ['utimes', 'EACCES'],
    ['writeFileAtomic', 'EPERM'],
  ] as const)('%s rides out %s too', async (op, code) => {
    const file = join(dir, 'file');
    writeFileSync(file, 'old');
    const { ops, calls } = lockedFileOps([{ op, match: () => true, code, times: 2 }]);
    const retrying = retryingFileOps(ops, instantRetry);
    const when = new Date('2026-01-02T03:04:05Z');
    const run = {
      unlink: () => retrying.unlink(file),
      copyFile: () => retrying.copyFile(file, join(dir, 'copy')),
      utimes: () => retrying.utimes(file, when, when),
      writeFileAtomic: () => retrying.writeFileAtomic(file, 'new'),
    }[op];
    await run();
    expect(calls.filter((c) => c.op === op).map((c) => c.failed)).toEqual([true, true, false]);
  });

  it('removing a folder waits out a delete-pending file inside (ENOTEMPTY), which a rename would not retry', async () => {
    const folder = join(dir, 'scan');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.thumb.jpg'), 'x');
    const { ops } = lockedFileOps([
      { op: 'rm', match: () => true, code: 'ENOTEMPTY', times: 2 },
      { op: 'rename', match: () => true, code: 'ENOTEMPTY', times: 1 },
    ]);
    const retrying = retryingFileOps(ops, instantRetry);
    await retrying.rm(folder, { recursive: true, force: true });
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(join(dir, 'f'), 'x');
    await expect(retrying.rename(join(dir, 'f'), join(dir, 'g'))).rejects.toMatchObject({ code: 'ENOTEMPTY' });
  });

  it('that stays locked fails naming the file, the operation and why, and keeps the code', async () => {
    const from = join(dir, 'IMG_0001.JPG');
    writeFileSync(from, 'photo');
    const { ops, calls } = lockedFileOps([{ op: 'rename', match: () => true, code: 'EBUSY', times: 100 }]);
    const failure = await retryingFileOps(ops, { ...instantRetry, attempts: 5 })
      .rename(from, join(dir, 'x'))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FileLockedError);
    expect(failure).toMatchObject({ code: 'EBUSY', path: from, op: 'move', attempts: 5 });
    expect((failure as Error).message).toBe(
      `Could not move ${from}: the file is in use by another program (an antivirus, OneDrive or Explorer may be holding it), or Windows does not allow the change (EBUSY)`,
    );
    expect(calls).toHaveLength(5);
  });

  it('is not what a missing file or a full disk is: those fail at once, unchanged', async () => {
    let tries = 0;
    const gone = windowsError('ENOENT', 'rename', 'x');
    await expect(
      retryFs(
        'move',
        'x',
        async () => {
          tries++;
          throw gone;
        },
        instantRetry,
      ),
    ).rejects.toBe(gone);
    expect(tries).toBe(1);
  });

  it('waits a little longer each time, about 3.5 s in all at most', async () => {
    const waits: number[] = [];
    await retryFs(
      'move',
      'x',
      async () => {
        throw windowsError('EBUSY', 'rename', 'x');
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 0.999 },
    ).catch(() => undefined);
    expect(waits).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
  });
});
