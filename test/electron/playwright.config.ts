import { defineConfig } from '@playwright/test';

/**
 * The Electron shell suite (Playwright `_electron`): runs the built app (`npm run build`). Skips with a
 * message where Electron's binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});
