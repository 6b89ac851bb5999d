import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The tests StrykerJS runs against each mutant (`npm run test:mutants`, stryker.config.mjs): only the
 * suites that exercise the merge, apply, outbox and cursor code, fastest first. Stryker stops a mutant's
 * run at its first failing test, so cheap unit tests kill most mutants before a server suite starts.
 * The store's property tests (edits-and-outbox, idempotence) and the convergence suites are left out:
 * seconds each, for every mutant that reaches them, would not fit the run in 30 minutes.
 */
export const MUTANT_TESTS = [
  'test/store/three-way-merge.test.ts',
  'test/store/apply-answers.test.ts',
  'test/store/outbox-rules.test.ts',
  'test/store/apply-server-page.test.ts',
  'test/store/merge-on-pull.test.ts',
  'test/store/resolve-conflict.test.ts',
  'test/store/local-edits.test.ts',
  'test/store/outbox.test.ts',
  'test/store/apply-edge-rules.test.ts',
  'test/server/cursor-codec.test.ts',
  'test/server/push.test.ts',
  'test/server/sync-endpoint.test.ts',
  'test/server/tombstones-and-scope.test.ts',
  'test/server/scope-change.test.ts',
  'test/server/cursor-exactness.test.ts',
];

const rank = (file: string) => {
  const i = MUTANT_TESTS.findIndex((name) => file.replaceAll('\\', '/').endsWith(name));
  return i === -1 ? MUTANT_TESTS.length : i;
};

/** Runs the files in the order of MUTANT_TESTS (vitest's default runs the slowest first). */
class ListedOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}

/** `MUTANT_TESTS=a.test.ts,b.test.ts`: run one module's mutants against its own tests only (quicker). */
const only = process.env.MUTANT_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: only ?? MUTANT_TESTS,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: ListedOrder },
    // Stryker switches mutants at run time (one instrumented build), so the worker and its loaded
    // modules can be reused from one mutant's run to the next instead of re-importing the store.
    isolate: false,
  },
});
