import { afterEach, expect, it } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { coreSuite } from './helpers/core-suite.js';

setLogSink(() => undefined);

const suite = coreSuite();
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

const connectivity =
  (state: string) =>
  (e: AppEvent): e is Extract<AppEvent, { kind: 'connectivity' }> =>
    e.kind === 'connectivity' && e.state === state;
const finished = (e: AppEvent): e is Extract<AppEvent, { kind: 'sync:finished' }> => e.kind === 'sync:finished';

it('after sleep (or a network change) the server is checked at once, not after the probe backoff', {
  timeout: 20_000,
}, async () => {
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: suite.server.port } });
  const app = await suite.core();
  const first = app.next(finished);
  const signIn = await app.core.handlers['session:signIn']({
    serverUrl: proxy.url,
    username: 'demo',
    password: 'demo',
  });
  expect(signIn.ok).toBe(true);
  await first;

  // The laptop went to sleep on a dead link: the app saw the server go away.
  proxy.set({ refuse: true });
  await proxy.ready();
  proxy.resetAll();
  const offline = app.next(connectivity('offline'));
  // (The first call may still join the sign-in's sync, which ended well.)
  for (let i = 0; i < 3; i++) {
    const tried = await app.core.handlers['sync:now'](undefined);
    if (tried.ok && tried.value.error) break;
  }
  await offline;

  // It wakes with the link back. The next probe is seconds to minutes away (5 s doubling to 5 min).
  proxy.set({ refuse: false });
  await proxy.ready();
  const online = app.next(connectivity('online'));
  const resync = app.next((e): e is Extract<AppEvent, { kind: 'sync:finished' }> => finished(e) && !e.summary.error);
  const woke = performance.now();
  app.core.recheckServer();
  await online;
  const ms = performance.now() - woke;
  console.info(`online again ${Math.round(ms)} ms after waking`);
  expect(ms).toBeLessThan(2_000);
  // Coming back online starts the sync that sends what waited.
  await resync;
});

it('is harmless signed out, or while the folder is fine and nobody is signed in', async () => {
  const app = await suite.core();
  expect(() => app.core.recheckServer()).not.toThrow();
});
