/**
 * `npm run test:mutants`: StrykerJS over the merge, apply, outbox and cursor code, with the vitest runner
 * and the focused test list of vitest.mutants.config.ts. Per-test coverage runs only the tests that reach
 * a mutant. Sized for a shared 2-core machine (two workers, a generous first-run timeout).
 * The per-module scores are printed by scripts/mutation-summary.ts from reports/mutation/mutation.json.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutants.config.ts', related: false },
  mutate: [
    'src/main/store/merge/*.ts',
    'src/main/store/apply/apply-op-results.ts',
    'src/main/store/apply/apply-remote-to-pending.ts',
    'src/main/store/apply/apply-server-page.ts',
    'src/main/store/outbox/*.ts',
    'src/server/sync/apply-op.ts',
    'src/server/sync/cursor.ts',
    'src/server/sync/change-feed-sql.ts',
    'src/server/sync/read-changes.ts',
  ],
  coverageAnalysis: 'perTest',
  // Module-level mutants would need every test re-run with a fresh module; they are the constants and
  // imports, not the rules.
  ignoreStatic: true,
  concurrency: 2,
  dryRunTimeoutMinutes: 20,
  timeoutMS: 20_000,
  timeoutFactor: 3,
  tempDirName: '.stryker-tmp',
  // Anchored at the root: `reports` alone would also drop src/main/reports, and a test file that cannot
  // import is silently not run.
  ignorePatterns: ['/out', '/dist', '/release', '/coverage', '/test-results', '/playwright-report', '/reports', '/.data', '/.tmp', '/electron-native'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  thresholds: { high: 80, low: 60, break: null },
};
