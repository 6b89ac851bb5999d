/**
 * `npm run dev` (runs under Node, not Electron): builds main and preload once, serves the renderer
 * from Vite's dev server with hot reload, and starts Electron on them (`npm run native:electron` first
 * gives it its better-sqlite3). Without Electron's binary it
 * says so and points to `npm run dev:web` (the same page in a browser, over the loopback WebSocket).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build, createServer } from 'vite';

let electronPath: string;
try {
  // Electron 45+ downloads its binary here, on first use, rather than at `npm install`.
  electronPath = createRequire(import.meta.url)('electron') as string;
} catch {
  console.error('Electron’s binary could not be downloaded (no internet?). Try `npm run dev:web` instead.');
  process.exit(1);
}

await build({ configFile: 'vite.preload.config.ts', logLevel: 'warn' });
await build({ configFile: 'vite.main.config.ts', logLevel: 'warn' });
const vite = await createServer({ configFile: 'vite.renderer.config.ts', mode: 'development' });
await vite.listen();
const url = vite.resolvedUrls?.local[0];
if (!url) throw new Error('The Vite dev server has no local URL');

const electron = spawn(electronPath, ['.'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'development',
    FIELDSYNC_RENDERER_URL: url,
    FIELDSYNC_USER_DATA: resolve('.data/dev-electron'),
  },
});
electron.on('exit', (code) => {
  void vite.close().then(() => process.exit(code ?? 0));
});
