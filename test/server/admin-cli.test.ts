import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const parent = mkdtempSync(join(tmpdir(), 'fieldsync-admin-cli-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function admin(...args: string[]) {
  // PGlite in --data-dir, not a PostgreSQL from the environment.
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const env = { ...inherited, LANG: 'en_US.UTF-8', FIELDSYNC_PASSWORD: 'not-used-here' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin-cli.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run admin on a data folder without a server database', () => {
  // A folder whose parent is missing too: PGlite failed there with a stack trace (ENOENT on mkdir).
  const missing = join(parent, 'no-such-parent', 'server');

  it.each([
    ['db', 'purge'],
    ['db', 'new-epoch'],
    ['user', 'list'],
  ])('%s %s refuses with exit code 2 and one line naming the folder, creating nothing', (noun, verb) => {
    const run = admin(noun, verb, '--data-dir', missing);
    expect(run.stderr.trim().split('\n')).toEqual([
      `No server database in ${join(missing, 'pglite')}: name the server’s data folder with --data-dir (or set DATABASE_URL).`,
    ]);
    expect(run.status).toBe(2);
    expect(existsSync(join(parent, 'no-such-parent'))).toBe(false);
  });

  it('refuses a data folder that exists but holds no database, without creating one in it', () => {
    const empty = mkdtempSync(join(parent, 'empty-'));
    const run = admin('db', 'purge', '--data-dir', empty);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(join(empty, 'pglite'));
    expect(existsSync(join(empty, 'pglite'))).toBe(false);
  });
});
