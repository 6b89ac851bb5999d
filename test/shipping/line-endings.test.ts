import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const git = (args: string[], cwd = root) => execFileSync('git', args, { cwd, encoding: 'utf8' });

/**
 * Developers on Windows clone with `core.autocrlf=true` (Git for Windows' default): without attributes
 * every text file would check out with CRLF and Biome (which checks LF) would fail `npm test` there.
 */
describe('line endings on a Windows developer’s clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-crlf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('text files are LF and images binary, whatever core.autocrlf says', () => {
    const attrs = git(['check-attr', 'eol', 'text', '--', 'src/main/log.ts', 'package.json', 'resources/icon.png']);
    expect(attrs).toContain('src/main/log.ts: eol: lf');
    expect(attrs).toContain('package.json: eol: lf');
    expect(attrs).toContain('resources/icon.png: text: unset');
  });

  it('a checkout made with core.autocrlf=true has no CR in its sources', () => {
    // A bare copy of the committed tree, checked out the way Git for Windows does by default.
    git(['init', '-q', dir]);
    git(['-C', dir, 'config', 'core.autocrlf', 'true']);
    const head = git(['rev-parse', 'HEAD']).trim();
    git(['-C', dir, 'fetch', '-q', '--depth=1', root, head]);
    git(['-C', dir, 'checkout', '-q', 'FETCH_HEAD', '--', '.gitattributes', 'src/main/log.ts', 'package.json']);
    for (const file of ['src/main/log.ts', 'package.json']) {
      expect(readFileSync(join(dir, file), 'utf8').includes('\r')).toBe(false);
    }
  });
});
