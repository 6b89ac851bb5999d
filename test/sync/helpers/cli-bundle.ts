import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Bundles `scripts/sync-cli.ts` (or another CLI: `scripts/photos-cli.ts`) and its packages (except the
 * native better-sqlite3 and sharp) into one ESM file,
 * so a child process starts in a fraction of tsx's time — what makes hundreds of kill -9 runs
 * affordable. The file sits three levels below the repository root (`.tmp/cli/<tag>/`), where the
 * store's default migrations path and `node_modules` resolve exactly as they do from `src/main/store/`.
 */
export async function bundleSyncCli(
  tag: string,
  script: 'scripts/sync-cli.ts' | 'scripts/photos-cli.ts' = 'scripts/sync-cli.ts',
): Promise<string> {
  const outfile = join(REPO, '.tmp', 'cli', tag, `${basename(script, '.ts')}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(REPO, script)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'sharp'],
    // Bundled CommonJS packages still call require() for Node built-ins.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Removes a bundle made by `bundleSyncCli`. */
export function removeSyncCliBundle(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}
