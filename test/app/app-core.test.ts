import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountKey } from '../../src/main/app/open-account.js';
import { setLogSink } from '../../src/main/log.js';
import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { invokeContract } from '../../src/shared/ipc/contract.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { coreSuite } from './helpers/core-suite.js';
import type { CoreUnderTest } from './helpers/core-under-test.js';

setLogSink(() => undefined);

const suite = coreSuite();
let app: CoreUnderTest | undefined;

const finished = (e: AppEvent): e is Extract<AppEvent, { kind: 'sync:finished' }> => e.kind === 'sync:finished';

async function signedIn(): Promise<CoreUnderTest> {
  app = await suite.core();
  const first = app.next(finished);
  const session = await app.core.handlers['session:signIn']({
    serverUrl: suite.server.url,
    username: 'demo',
    password: 'demo',
  });
  expect(session).toMatchObject({ ok: true, value: { signedIn: true, user: { displayName: 'Demo Officer' } } });
  // Signing in starts the first sync at once.
  expect((await first).summary.error).toBeUndefined();
  return app;
}

describe('the app core', () => {
  it('says a wrong password is UNAUTHORIZED and stays signed out', async () => {
    app = await suite.core();
    const result = await app.core.handlers['session:signIn']({
      serverUrl: suite.server.url,
      username: 'demo',
      password: 'nope',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(app.core.session.state()).toMatchObject({ signedIn: false, firstRun: true });
    const graph = await app.core.handlers['graph:hierarchy'](undefined);
    expect(graph).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('says an unreachable server is a NETWORK error', async () => {
    app = await suite.core();
    const result = await app.core.handlers['session:signIn']({
      serverUrl: 'http://127.0.0.1:9',
      username: 'demo',
      password: 'demo',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('signs in even when the token file stays locked (antivirus): only the next start asks again', async () => {
    app = await suite.core();
    const tokens = app.tokens as { save: (account: string, token: string) => Promise<void> };
    tokens.save = () => Promise.reject(new Error('Could not save session.bin: the file is in use by another program'));
    const result = await app.core.handlers['session:signIn']({
      serverUrl: suite.server.url,
      username: 'demo',
      password: 'demo',
    });
    expect(result).toMatchObject({ ok: true, value: { signedIn: true } });
  });

  it('signs in, syncs the deployment and answers the screen queries in the contract shape', async () => {
    const { core } = await signedIn();
    const hierarchy = await core.handlers['graph:hierarchy'](undefined);
    expect(
      hierarchy.ok && invokeContract['graph:hierarchy'].result.parse(hierarchy.value).nodes.length,
    ).toBeGreaterThan(0);
    const country = hierarchy.ok ? hierarchy.value.nodes.find((n) => n.entity === 'country') : undefined;
    expect(country?.counts.schools).toBe(PROFILE_COUNTS.tiny.school);
    expect(country?.counts.visits).toBe(PROFILE_COUNTS.tiny.schoolVisit);
    const status = await core.handlers['sync:status'](undefined);
    expect(status).toMatchObject({ ok: true, value: { connectivity: 'online', running: false, lastError: null } });
    // The first sync just finished: an ISO time within the last few minutes, not merely some value.
    const lastSyncedAt = Date.parse((status.ok && status.value.lastSyncedAt) || '');
    expect(Date.now() - lastSyncedAt).toBeGreaterThanOrEqual(0);
    expect(Date.now() - lastSyncedAt).toBeLessThan(5 * 60_000);
  });

  it('puts a review in the outbox, tells the screens, and sends it with the next sync', async () => {
    const { core, next } = await signedIn();
    const visits = await core.handlers['graph:visits']({ offset: 0, limit: 1 });
    const visit = visits.ok ? visits.value.items[0] : undefined;
    if (!visit) throw new Error('no visit');
    const queued = next((e): e is Extract<AppEvent, { kind: 'queue:changed' }> => e.kind === 'queue:changed');
    const sent = next((e): e is Extract<AppEvent, { kind: 'sync:finished' }> => finished(e) && e.summary.pushed > 0);
    const review = await core.handlers['visit:review']({
      visitId: visit.id,
      decision: 'flagged',
      comment: 'Scores look copied',
    });
    expect(review).toMatchObject({ ok: true, value: { opId: expect.any(String) } });
    expect((await queued).counts.pending).toBe(1);
    expect((await sent).summary).toMatchObject({ pushed: 1, pending: 0 });
    const onServer = await suite.server.request('demo', 'GET', '/api/school-visits?limit=10000');
    const record = (
      onServer.body as { items: { id: string; reviewStatus: string; reviewComment: string }[] }
    ).items.find((v) => v.id === visit.id);
    expect(record).toMatchObject({ reviewStatus: 'flagged', reviewComment: 'Scores look copied' });
  });

  it('exports diagnostics without the session token', async () => {
    const { core, tokens } = await signedIn();
    const exported = await core.handlers['diagnostics:export'](undefined);
    if (!exported.ok || !exported.value.path) throw new Error('no export');
    const text = readFileSync(exported.value.path, 'utf8');
    const account = core.session.account();
    const token = account.ok ? tokens.load(accountKey(account.value.account)) : null;
    expect(token?.length).toBeGreaterThan(16);
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toMatchObject({
      session: { signedIn: true },
      database: { migrations: expect.any(Number) },
    });
  });

  it('says why diagnostics could not be saved (the folder is gone), in words, instead of failing unexplained', async () => {
    app = await suite.core({ chooseSaveFile: async (name) => join(app?.dir ?? '', 'unplugged-drive', name) });
    const exported = await app.core.handlers['diagnostics:export'](undefined);
    expect(exported).toMatchObject({
      ok: false,
      error: {
        code: 'FILE',
        message: expect.stringMatching(
          /^The diagnostics could not be saved to .*unplugged-drive.*: the folder or file is gone \(was the drive removed\?\)$/,
        ),
      },
    });
  });

  it('signs out keeping the data, and the next sign-in reopens the same database', async () => {
    const { core } = await signedIn();
    const visits = await core.handlers['graph:visits']({ offset: 0, limit: 1 });
    const id = visits.ok ? visits.value.items[0]?.id : undefined;
    await suite.server.stop();
    await core.handlers['visit:review']({ visitId: id ?? '', decision: 'approved', comment: null });
    expect(await core.handlers['session:signOut'](undefined)).toMatchObject({ ok: true, value: { signedIn: false } });
    await suite.server.start();
    await core.handlers['session:signIn']({ serverUrl: suite.server.url, username: 'demo', password: 'demo' });
    const queue = await core.handlers['queue:list']({ offset: 0, limit: 10 });
    expect(queue.ok && queue.value.items.map((i) => i.recordId)).toContain(id);
  });
});

describe('an ended session', () => {
  it('goes back to sign-in, saying so, and keeps the unsent edit', async () => {
    const { core, next } = await signedIn();
    const visits = await core.handlers['graph:visits']({ offset: 0, limit: 1 });
    const id = visits.ok ? visits.value.items[0]?.id : undefined;
    // Eight days later by the server's clock the seven-day session is over.
    suite.server.setClock(() => new Date(Date.now() + 8 * 24 * 3600_000));
    try {
      const ended = next(
        (e): e is Extract<AppEvent, { kind: 'session:changed' }> =>
          e.kind === 'session:changed' && e.session.sessionExpired,
      );
      await core.handlers['visit:review']({ visitId: id ?? '', decision: 'approved', comment: null });
      expect((await ended).session).toMatchObject({
        signedIn: false,
        sessionExpired: true,
        serverUrl: suite.server.url,
        // The sign-in screen says why this core will ask again after a restart (its tokens live in memory).
        signInForgottenOnClose: 'Tests keep sign-ins in memory.',
      });
    } finally {
      suite.server.setClock(() => new Date());
    }
    const sent = next((e): e is Extract<AppEvent, { kind: 'sync:finished' }> => finished(e) && e.summary.pushed > 0);
    await core.handlers['session:signIn']({ serverUrl: suite.server.url, username: 'demo', password: 'demo' });
    expect(core.session.state().sessionExpired).toBe(false);
    await sent;
    const onServer = await suite.server.request('demo', 'GET', '/api/school-visits?limit=1000');
    const record = (onServer.body as { items: { id: string; reviewStatus: string }[] }).items.find((v) => v.id === id);
    expect(record?.reviewStatus).toBe('approved');
  });
});
