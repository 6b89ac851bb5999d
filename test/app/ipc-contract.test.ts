import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/create-dispatcher.js';
import type { Sender } from '../../src/main/ipc/sender.js';
import { setLogSink } from '../../src/main/log.js';
import { OUTBOX_STATES, CONFLICT_KINDS as STORE_CONFLICT_KINDS } from '../../src/main/store/schema/sync-tables.js';
import type { ConflictView as StoreConflictView } from '../../src/main/store/store-types.js';
import { AppErrorException } from '../../src/shared/errors.js';
import { buildApi } from '../../src/shared/ipc/api.js';
import { CHANNELS, invokeContract } from '../../src/shared/ipc/contract.js';
import type { photoEventSchema } from '../../src/shared/ipc/events.js';
import { CONFLICT_KINDS, type ConflictView } from '../../src/shared/ipc/schemas/conflicts.js';
import { QUEUE_STATES } from '../../src/shared/ipc/schemas/queue.js';
import type { SyncProgressView } from '../../src/shared/ipc/schemas/sync-status.js';
import type { PhotoEvent } from '../../src/shared/photo-events.js';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import { recordingHandlers } from './helpers/recording-handlers.js';

// Refusals and handler failures are logged on purpose here; keep the run quiet.
setLogSink(() => undefined);

const APP_PAGE = 'file:///app/out/renderer/index.html';
const appFrame: Sender = { transport: 'electron', frameUrl: APP_PAGE, isMainFrame: true };
const trustAppPage = (s: Sender) => s.isMainFrame && s.frameUrl === APP_PAGE;

function setup(): { dispatch: Dispatch; calls: { channel: string; args: unknown }[] } {
  const { handlers, calls } = recordingHandlers();
  return { dispatch: createDispatcher(handlers, { isTrustedSender: trustAppPage }), calls };
}

describe('the IPC contract', () => {
  it('names every channel domain:verb and gives each an argument and a result schema', () => {
    for (const channel of CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      expect(invokeContract[channel].args).toBeDefined();
      expect(invokeContract[channel].result).toBeDefined();
    }
  });

  it('builds one method per channel and no generic invoke', () => {
    const api = buildApi(
      async () => ({ ok: true, value: null }),
      () => () => undefined,
    ) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of CHANNELS) {
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof api[domain]?.[verb]).toBe('function');
    }
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|send/);
    expect(Object.keys(api).sort()).toEqual([...new Set(CHANNELS.map((c) => c.split(':')[0])), 'events'].sort());
  });

  it('forwards the engine and photo events as they are, and names the outbox states as the store does', () => {
    // Assignable both ways (the engine's type is readonly, zod's is not).
    expectTypeOf<SyncProgressEvent>().toExtend<SyncProgressView>();
    expectTypeOf<SyncProgressView>().toExtend<SyncProgressEvent>();
    expectTypeOf<PhotoEvent>().toExtend<z.infer<typeof photoEventSchema>>();
    expect([...QUEUE_STATES]).toEqual([...OUTBOX_STATES]);
    expect([...CONFLICT_KINDS]).toEqual([...STORE_CONFLICT_KINDS]);
    expectTypeOf<ConflictView>().toExtend<StoreConflictView>();
  });
});

describe('the dispatcher', () => {
  it('rejects a bad argument with a clear error naming the field, before any handler runs', async () => {
    const { dispatch, calls } = setup();
    const result = await dispatch('session:signIn', appFrame, { serverUrl: 'ftp://x', username: 'a', password: 'b' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'serverUrl' } });
    expect(!result.ok && result.error.message).toMatch(/^Server address: /);
    expect(calls).toEqual([]);
  });

  it('refuses an empty new password and anything beside it (the change token stays in main)', async () => {
    const { dispatch, calls } = setup();
    const empty = await dispatch('session:changePassword', appFrame, { newPassword: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'newPassword' } });
    const token = await dispatch('session:changePassword', appFrame, { newPassword: 'x'.repeat(12), changeToken: 'a' });
    expect(token).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const long = await dispatch('session:changePassword', appFrame, { newPassword: 'x'.repeat(201) });
    expect(long).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'newPassword' } });
    expect(calls).toEqual([]);
  });

  it('rejects unknown keys, wrong types and a flag without a comment', async () => {
    const { dispatch, calls } = setup();
    const visitId = '2b1d6a3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const extra = await dispatch('graph:visit', appFrame, { id: visitId, sql: 'drop table x' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const wrongType = await dispatch('graph:schools', appFrame, { limit: 'all' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'limit' } });
    const tooMany = await dispatch('graph:schools', appFrame, { limit: 100_000 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'limit' } });
    // The worklist's export carries its filters and sort: an order the worklist does not offer is refused.
    const sortedBy = (sort: string) =>
      dispatch('exports:run', appFrame, { entity: 'visits', format: 'csv', filter: { hasPhotos: true, sort } });
    expect(await sortedBy('rowid; drop table x')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const flag = await dispatch('visit:review', appFrame, { visitId, decision: 'flagged' });
    expect(flag).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'comment', message: 'comment: Say why the visit is flagged' },
    });
    expect(calls).toEqual([]);
  });

  it('passes a valid argument with defaults applied', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('graph:schools', appFrame, { search: '  Hill  ' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([{ channel: 'graph:schools', args: { search: 'Hill', offset: 0, limit: 100 } }]);
    const filter = { districtId: 'd1', hasPhotos: true, text: 'Hill', sort: 'school', descending: false };
    await dispatch('exports:run', appFrame, { entity: 'visits', format: 'csv', filter });
    expect(calls.at(-1)).toEqual({ channel: 'exports:run', args: { entity: 'visits', format: 'csv', filter } });
  });

  it('refuses a call from a null frame, an iframe or a foreign page', async () => {
    const { dispatch, calls } = setup();
    const senders: Sender[] = [
      { transport: 'electron', frameUrl: null, isMainFrame: true },
      { transport: 'electron', frameUrl: APP_PAGE, isMainFrame: false },
      { transport: 'electron', frameUrl: 'https://evil.example/', isMainFrame: true },
    ];
    for (const sender of senders) {
      const result = await dispatch('session:get', sender, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses an unknown channel', async () => {
    const { dispatch } = setup();
    expect(await dispatch('fs:readFile', appFrame, '/etc/passwd')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await dispatch('__proto__', appFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('turns a handler that throws into an INTERNAL error value, and an AppErrorException into its error', async () => {
    const { handlers } = recordingHandlers();
    const throwing = new Proxy(handlers, {
      get: (_t, channel) => () => {
        if (channel === 'sync:now') throw new AppErrorException({ code: 'CANCELLED', message: 'Cancelled' });
        throw new Error('boom');
      },
    });
    const dispatch = createDispatcher(throwing, { isTrustedSender: trustAppPage });
    expect(await dispatch('session:get', appFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(await dispatch('sync:now', appFrame, undefined)).toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'Cancelled' },
    });
  });

  it('home:counts takes no argument and answers only whole, non-negative counts with the day they are for', async () => {
    const { dispatch, calls } = setup();
    const scoped = await dispatch('home:counts', appFrame, { districtId: '2b1d6a3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' });
    expect(scoped).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toEqual([]);
    const result = invokeContract['home:counts'].result;
    const counts = {
      awaitingReview: 3,
      followUpsDue: 1,
      openConflicts: 0,
      photosNotUploaded: 2,
      needsAttention: 0,
      today: '2026-12-05',
    };
    expect(result.safeParse(counts).success).toBe(true);
    expect(result.safeParse({ ...counts, followUpsDue: -1 }).success).toBe(false);
    expect(result.safeParse({ ...counts, awaitingReview: 1.5 }).success).toBe(false);
    expect(result.safeParse({ ...counts, today: 'today' }).success).toBe(false);
  });

  it('checks results against the contract when asked to (development and tests)', async () => {
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, { isTrustedSender: trustAppPage, validateResults: true });
    // `session:get` must answer a session state, not null.
    expect(await dispatch('session:get', appFrame, undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});
