import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron executable, or why there is none. Since Electron 45 `npm install` no longer downloads
 * it: `require('electron')` does on first use (and `npm run electron:download` ahead of time). A test
 * run must not start a download, so this reads what the package's installer leaves (`path.txt`,
 * `dist/version`) the way its own `isInstalled()` does.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const pkgFile = createRequire(import.meta.url).resolve('electron/package.json');
  const pkg = dirname(pkgFile);
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  try {
    const installed = readFileSync(join(pkg, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    const path = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
    if (installed !== version) return { missing: `Electron ${installed} is installed, the package is ${version}` };
    if (!existsSync(path)) return { missing: `Electron's binary is not at ${path}` };
    return { path };
  } catch {
    return { missing: `Electron ${version}'s binary was not downloaded (npm run electron:download)` };
  }
}
