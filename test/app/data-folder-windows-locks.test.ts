import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDataFolder } from '../../src/main/app/data-folder/copy-data-folder.js';
import { removeEntries } from '../../src/main/app/data-folder/remove-entries.js';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { setLogSink } from '../../src/main/log.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';
import { scratchFolders } from './helpers/moving-data.js';

setLogSink(() => undefined);

const tempDir = scratchFolders();

/** A data folder with a settings file and a few photos (no database: the photos are what the antivirus holds). */
function dataFolder(): string {
  const dir = tempDir('fieldsync-data-');
  writeFileSync(join(dir, 'settings.json'), '{}');
  mkdirSync(join(dir, 'accounts', 'k-photos', 'ab'), { recursive: true });
  for (const name of ['ab1', 'ab2', 'ab3']) writeFileSync(join(dir, 'accounts', 'k-photos', 'ab', name), name);
  return dir;
}

const isPhoto = (name: string) => (path: string) => path.endsWith(join('ab', name));

/**
 * Windows refuses to copy or delete a file another program holds (antivirus scanning it, OneDrive
 * uploading it, Explorer drawing its thumbnail) with EBUSY, EPERM or EACCES, for a moment. Nothing
 * here runs Windows, so the refusals are injected as libuv reports them.
 */
describe('moving the data folder past Windows locks', () => {
  it('copies a photo the antivirus holds once it lets go', async () => {
    const from = dataFolder();
    const to = join(tempDir('fieldsync-target-'), 'new');
    const { ops, calls } = lockedFileOps([{ op: 'copyFile', match: isPhoto('ab2'), code: 'EBUSY', times: 3 }]);
    const copied = await copyDataFolder(from, to, undefined, retryingFileOps(ops, instantRetry));
    expect(copied.ok).toBe(true);
    expect(readFileSync(join(to, 'accounts', 'k-photos', 'ab', 'ab2'), 'utf8')).toBe('ab2');
    expect(calls.filter((c) => c.op === 'copyFile' && c.failed)).toHaveLength(3);
  });

  it('a photo held past the retries fails the copy naming it, keeps the data where it was, leaves no half copy', async () => {
    const from = dataFolder();
    const to = join(tempDir('fieldsync-target-'), 'new');
    const { ops } = lockedFileOps([{ op: 'copyFile', match: isPhoto('ab2'), code: 'EPERM', times: 99 }]);
    const copied = await copyDataFolder(from, to, undefined, retryingFileOps(ops, instantRetry));
    expect(copied).toMatchObject({
      ok: false,
      error: {
        code: 'FILE',
        message: expect.stringMatching(
          /^Your data could not be copied to .*: Could not copy .*ab2: the file is in use by another program .*\(EPERM\)\. It stays in /,
        ),
      },
    });
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(join(from, 'accounts', 'k-photos', 'ab'))).toEqual(['ab1', 'ab2', 'ab3']);
  });

  it('removes the old folder although its files and folders are held for a moment', async () => {
    const from = dataFolder();
    const { ops, calls } = lockedFileOps([
      { op: 'unlink', match: isPhoto('ab1'), code: 'EBUSY', times: 2 },
      { op: 'unlink', match: (p) => p.endsWith('settings.json'), code: 'EACCES', times: 1 },
      // A folder still holding a delete-pending file answers ENOTEMPTY until the handle closes.
      { op: 'rm', match: (p) => p.endsWith('ab'), code: 'ENOTEMPTY', times: 2 },
    ]);
    await removeEntries(from, ['settings.json', 'accounts'], true, retryingFileOps(ops, instantRetry));
    expect(existsSync(from)).toBe(false);
    expect(calls.filter((c) => c.failed)).toHaveLength(5);
  });

  it('a file held past the retries stays, everything else goes, and the failure names the file', async () => {
    const from = dataFolder();
    const { ops } = lockedFileOps([{ op: 'unlink', match: isPhoto('ab1'), code: 'EBUSY', times: 99 }]);
    const removing = removeEntries(from, ['settings.json', 'accounts'], true, retryingFileOps(ops, instantRetry));
    await expect(removing).rejects.toMatchObject({
      name: 'FileLockedError',
      code: 'EBUSY',
      path: expect.stringMatching(/ab1$/),
    });
    expect(readdirSync(from, { recursive: true }).map(String).sort()).toEqual(
      [
        'accounts',
        join('accounts', 'k-photos'),
        join('accounts', 'k-photos', 'ab'),
        join('accounts', 'k-photos', 'ab', 'ab1'),
      ].sort(),
    );
  });
});
