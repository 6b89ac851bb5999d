import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppCore, createAppCore } from '../../../src/main/app/app-core.js';
import { headlessPlatform, type Platform } from '../../../src/main/app/platform.js';
import { memoryTokenStore, type TokenStore } from '../../../src/main/app/token-store.js';
import type { AppEvent } from '../../../src/shared/ipc/events.js';

export interface CoreUnderTest {
  readonly core: AppCore;
  readonly dir: string;
  readonly tokens: TokenStore;
  readonly events: AppEvent[];
  /** Resolves with the first event matching `test` from now on. */
  next<E extends AppEvent>(test: (e: AppEvent) => e is E): Promise<E>;
  close(): Promise<void>;
}

/** What a test answers in place of the shell: the folder dialog, recording the data folder, the updater. */
export type ShellAnswers = Partial<
  Pick<Platform, 'chooseFolder' | 'chooseSaveFile' | 'setDataFolder' | 'updates' | 'printPageToPdf'>
>;

/** The real app core (real store, real sync engine) in its own temp data dir, with headless platform. */
export async function coreUnderTest(shell: ShellAnswers = {}): Promise<CoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-core-'));
  const tokens = memoryTokenStore('Tests keep sign-ins in memory.');
  const core = await createAppCore({
    dataDir: dir,
    platform: { ...headlessPlatform({ appVersion: '0.0.0-test', exportDir: dir }), ...shell },
    tokens,
    syncAfterEditMs: 0,
  });
  const events: AppEvent[] = [];
  const waiters = new Set<(e: AppEvent) => void>();
  core.subscribe((e) => {
    events.push(e);
    for (const w of waiters) w(e);
  });
  return {
    core,
    dir,
    tokens,
    events,
    next: (test) =>
      new Promise((resolve) => {
        const waiter = (e: AppEvent) => {
          if (!test(e)) return;
          waiters.delete(waiter);
          resolve(e);
        };
        waiters.add(waiter);
      }),
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
