import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../src/main/app/settings-file.js';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { setLogSink } from '../../src/main/log.js';
import { AppErrorException } from '../../src/shared/errors.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';

setLogSink(() => undefined);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('the settings file on Windows', () => {
  it('is saved once the antivirus lets go of it, and leaves no temporary file', async () => {
    const file = join(dir, 'settings.json');
    const { ops, calls } = lockedFileOps([{ op: 'writeFileAtomic', match: () => true, code: 'EPERM', times: 3 }]);
    const settings = new SettingsFile(file, retryingFileOps(ops, instantRetry));
    await settings.update({ syncIntervalMinutes: 30 });
    expect(onDisk(file).syncIntervalMinutes).toBe(30);
    expect(calls.map((c) => c.failed)).toEqual([true, true, true, false]);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('that stays locked is a FILE error saying why, and the settings in use stay as they were on disk', async () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ syncIntervalMinutes: 20 }));
    const { ops } = lockedFileOps([{ op: 'writeFileAtomic', match: () => true, code: 'EBUSY', times: 1000 }]);
    const settings = new SettingsFile(file, retryingFileOps(ops, instantRetry));
    const failure = await settings.update({ syncIntervalMinutes: 45 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppErrorException);
    expect((failure as AppErrorException).error).toMatchObject({
      code: 'FILE',
      message: expect.stringMatching(/^Your settings could not be saved: the file is in use by another program/),
      detail: expect.stringContaining(file),
    });
    expect(settings.value.syncIntervalMinutes).toBe(20);
    expect(onDisk(file).syncIntervalMinutes).toBe(20);
  });

  it('is never created in a data folder that has gone (a USB drive pulled out)', async () => {
    const gone = join(dir, 'E-drive', 'Fieldsync');
    const settings = new SettingsFile(join(gone, 'settings.json'));
    await expect(settings.update({ syncIntervalMinutes: 30 })).rejects.toMatchObject({
      error: { code: 'FILE', message: expect.stringContaining('was the drive removed?') },
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saved by Notepad (UTF-8 with a byte-order mark) is read, not replaced by defaults', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ syncIntervalMinutes: 60 })}`);
    expect(new SettingsFile(file).value.syncIntervalMinutes).toBe(60);
  });
});
