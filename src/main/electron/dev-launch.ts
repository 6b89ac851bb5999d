/**
 * `npm run dev` (runs under Node, not Electron): builds main and preload once, serves the renderer
 * from Vite's dev server with hot reload, and starts Electron on them. Without Electron's binary it
 * says so and points to `npm run dev:web` (the same page in a browser, over the loopback WebSocket).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build, createServer } from 'vite';

let electronPath: string;
try {
  electronPath = createRequire(import.meta.url)('electron') as string;
} catch {
  console.error('Electron’s binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?). Try `npm run dev:web` instead.');
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
