/**
 * `npm run dev:web`: the renderer in a normal browser with hot reload, talking to a real app core
 * (Demo mode available, data in `.data/dev-web`) over the loopback WebSocket. Development only.
 */
import { resolve } from 'node:path';
import { createServer } from 'vite';
import { createAppCore } from '../app/app-core.js';
import { startDemoServer } from '../app/demo-server.js';
import { headlessPlatform } from '../app/platform.js';
import { memoryTokenStore } from '../app/token-store.js';
import { createLogger } from '../log.js';
import { createDownloadShelf } from './download-shelf.js';
import { pageUrlFor, serveCoreOverWs } from './serve-core-over-ws.js';

const log = createLogger('dev-web');
const dataDir = resolve(process.env.FIELDSYNC_DATA_DIR ?? '.data/dev-web');

const vite = await createServer({ configFile: resolve('vite.renderer.config.ts'), mode: 'development' });
await vite.listen();
const pageBase = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
// Exports go to the browser as downloads (and stay in the data folder).
const downloads = createDownloadShelf();
const core = await createAppCore({
  dataDir,
  platform: headlessPlatform({ appVersion: 'dev', exportDir: dataDir, downloads }),
  tokens: memoryTokenStore('The development server keeps sign-ins in memory, so restarting it signs you out.'),
  demo: (dir) =>
    startDemoServer(dir, { profile: (process.env.FIELDSYNC_DEMO_PROFILE as 'small' | undefined) ?? 'small' }),
});
const transport = await serveCoreOverWs(core, { allowedOrigins: [new URL(pageBase).origin], downloads });
log.info(`Open ${pageUrlFor(pageBase, transport)}`);

const stop = async () => {
  await transport.close();
  await core.close();
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
