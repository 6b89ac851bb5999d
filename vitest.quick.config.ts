import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:quick`: the inner loop (about a minute or two on a 2-core machine). Every Node suite
 * except the slow ones below, on PGlite only; no lint, types or browser. `npm test` still runs them all.
 */
export const SLOW = [
  // Seeded fault schedules and kill -9 loops: minutes.
  'test/sync/convergence.test.ts',
  'test/sync/convergence-postgres.test.ts',
  'test/sync/sync-cli.test.ts',
  'test/store/crash-safety.test.ts',
  'test/network/sync-faults.test.ts',
  // Child processes (CLIs, PDF printing in Chromium), object-store expiry sweeps, many servers.
  'test/reports/report-cli.test.ts',
  'test/photos/photos-cli.test.ts',
  'test/photos/upload-session-expiry.test.ts',
  'test/photos/upload-queue.test.ts',
  'test/photos/damaged-in-transit.test.ts',
  'test/photos/photo-tenants.test.ts',
  'test/server/isolation.test.ts',
  'test/server/sync-endpoint.test.ts',
  'test/server/columnar-format.test.ts',
  'test/server/write-locks.test.ts',
  'test/server/scale-out.test.ts',
  'test/server/cursor-exactness.test.ts',
  'test/server/openapi-machine.test.ts',
  'test/app/data-folder-move.test.ts',
  'test/reports/export-files.test.ts',
  'test/shared/reference-deployment.test.ts',
  'test/electron/electronegativity-gate.test.ts',
];

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: SLOW,
      // PGlite only, even where TEST_DATABASE_URL is set (the suites read it when they load).
      env: { TEST_DATABASE_URL: '' },
    },
  }),
);
