import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { PREVIEW_OUT_DIR, PREVIEW_PORT, PREVIEW_URL } from './test/e2e/support/preview.js';

const vite = `npx vite -c vite.renderer.config.ts --mode web --outDir ${PREVIEW_OUT_DIR}`;

/**
 * Browser e2e: the renderer (built for the web, served by Vite preview) in Debian's Chromium, talking
 * over the loopback WebSocket to the real app core and the real reference server in the test worker.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1360, height: 860 },
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium here and on the Linux CI; elsewhere (the Windows CI job) Playwright's own
      // browser from `npm run e2e:browser`.
      ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // As the Electron shell does (src/main/electron/main.ts): date fields follow their `lang`.
        '--enable-blink-features=LangAttributeAwareFormControlUI',
      ],
    },
  },
  webServer: {
    command: `${vite.replace('vite -c', 'vite build -c')} --logLevel warn && ${vite.replace('vite -c', 'vite preview -c')} --port ${PREVIEW_PORT} --strictPort`,
    url: PREVIEW_URL,
    timeout: 120_000,
    reuseExistingServer: false,
  },
});
