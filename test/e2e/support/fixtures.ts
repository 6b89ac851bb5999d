import { test as base, expect } from '@playwright/test';
import type { SyncBackoffs } from '../../../src/main/sync/sync-backoffs.js';
import type { TestSeed } from '../../support/test-server.js';
import { type Harness, startHarness } from './harness.js';

export interface E2eOptions {
  /** Deployment the reference server is seeded with. */
  readonly seed: TestSeed;
  /** Put the fault proxy between app and server. */
  readonly viaFaultProxy: boolean;
  /** Sign in (and finish the first sync) before the test starts. */
  readonly signedIn: boolean;
  /** Offer Demo mode. */
  readonly demo: boolean;
  /** Records per sync response (small pages make progress visible). */
  readonly pageLimit: number | undefined;
  /** The data was moved to this folder (see `HarnessOptions.movedTo`). */
  readonly movedTo: string | undefined;
  /** The app's retry schedules (see `HarnessOptions.backoffs`). */
  readonly backoffs: SyncBackoffs | undefined;
}

/**
 * Every test's page is watched for uncaught exceptions (`pageerror`): any one fails the test when it
 * ends, with the messages and stacks, even if every assertion passed. Automatic, so a spec cannot
 * forget it; every spec in test/e2e imports `test` from here.
 */
const watched = base.extend<{ pageErrors: Error[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await use(errors);
      assertNoPageErrors(errors);
    },
    { auto: true },
  ],
});

/** Throws, listing messages and stacks, when the page raised any uncaught exception. */
export function assertNoPageErrors(errors: readonly Error[]): void {
  if (errors.length === 0) return;
  const list = errors.map((e) => e.stack ?? e.message).join('\n\n');
  throw new Error(`${errors.length} uncaught exception(s) in the page:\n${list}`);
}

/** Each test gets its own server, core and data dir; the page opens connected to them. */
export const test = watched.extend<E2eOptions & { harness: Harness }>({
  seed: ['tiny', { option: true }],
  viaFaultProxy: [false, { option: true }],
  signedIn: [true, { option: true }],
  demo: [false, { option: true }],
  pageLimit: [undefined, { option: true }],
  movedTo: [undefined, { option: true }],
  backoffs: [undefined, { option: true }],
  harness: async ({ seed, viaFaultProxy, signedIn, demo, pageLimit, movedTo, backoffs, page }, use) => {
    const harness = await startHarness({
      seed,
      proxy: viaFaultProxy,
      demo,
      ...(pageLimit ? { pageLimit } : {}),
      ...(movedTo ? { movedTo } : {}),
      ...(backoffs ? { backoffs } : {}),
    });
    if (signedIn) await harness.signIn();
    await use(harness);
    await page.close();
    await harness.close();
  },
});

export { expect };
