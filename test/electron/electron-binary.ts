import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron executable, or why there is none. Under plain Node, `require('electron')` returns the
 * binary's path, and throws when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `Electron's binary is not at ${String(path)}` };
  } catch (e) {
    return { missing: e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e) };
  }
}
