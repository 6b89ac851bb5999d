import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/main/store/local-store.js';
import { ServerApi } from '../../src/main/sync/server-api.js';
import { SyncService } from '../../src/main/sync/sync-engine.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { json, type ScriptedServer, startScriptedServer } from './helpers/scripted-server.js';

const ORG = '0b6f1f3e-6f4c-4c1e-9a57-1f0d1c1e2a3b';
const page = (items: unknown[]) => ({
  results: [],
  changes: [{ collection: 'organisations', items }],
  cursors: Object.fromEntries(entityGraph.ordered.map((d) => [d.collection, 'c1'])),
  hasMore: false,
  serverTime: '2025-01-15T10:00:00.000Z',
});
const good = {
  id: ORG,
  version: 1,
  updatedAt: '2025-01-15T10:00:00.000Z',
  deleted: false,
  name: 'Ministry',
  code: 'M',
};

let server: ScriptedServer | undefined;
let store: LocalStore | undefined;
afterEach(async () => {
  store?.close();
  await server?.close();
});

/** A server this broken cannot be made from the reference server: it is scripted, the store is real. */
async function syncAgainst(items: unknown[]) {
  server = await startScriptedServer(json(200, page(items)));
  store = LocalStore.open({ path: ':memory:' });
  const api = new ServerApi({ baseUrl: server.url, token: 'token-0123456789abcdef' });
  const summary = await new SyncService({ store, api }).sync();
  api.close();
  return summary;
}

describe('a malformed record from the server', () => {
  it.each([
    ['an id that is not a UUID', { ...good, id: 'one' }, 'id'],
    ['a missing version', { ...good, version: undefined }, 'version'],
    ['a field of the wrong type', { ...good, name: 42 }, 'name'],
    ['an undeclared field', { ...good, colour: 'red' }, undefined],
  ])(
    '%s stops the sync with a SERVER error naming it, and nothing of the page is applied',
    async (_name, record, field) => {
      const summary = await syncAgainst([good, record]);
      expect(summary.error).toMatchObject({ code: 'SERVER', entity: 'organisation', ...(field ? { field } : {}) });
      expect(summary.pulled).toBe(0);
      expect(store?.getRecord('organisation', ORG)).toBeUndefined();
      expect(Object.values(store?.getCursors() ?? {}).every((c) => c === null)).toBe(true);
    },
  );

  it('pushed edits in that request go back to the queue, not stuck in flight', async () => {
    await syncAgainst([good]);
    const edit = store?.updateRecord('organisation', ORG, { name: 'Renamed' });
    const opId = edit?.ok ? edit.value.opId : '';
    server?.answer((req, body, res) => {
      const pushed = (JSON.parse(body) as { push?: { opId: string }[] }).push ?? [];
      const results = pushed.map((op) => ({
        opId: op.opId,
        status: 'applied',
        entity: 'organisation',
        id: ORG,
        version: 2,
        updatedAt: '2025-01-15T11:00:00.000Z',
      }));
      json(200, { ...page([{ ...good, version: 3, name: 7 }]), results })(req, body, res);
    });
    const api = new ServerApi({ baseUrl: server?.url ?? '', token: 'token-0123456789abcdef' });
    // Organisations are cached reference data: ask about them as "Sync now" does.
    const summary = await new SyncService({ store: store as LocalStore, api }).sync({ refreshReferenceData: true });
    api.close();
    expect(summary.error?.code).toBe('SERVER');
    expect(store?.listOutbox()).toMatchObject([{ opId, state: 'failed', lastError: { code: 'SERVER' } }]);
    expect(store?.getRecord('organisation', ORG)).toMatchObject({ version: 1, fields: { name: 'Renamed' } });
  });

  it('a well-formed page applies', async () => {
    const summary = await syncAgainst([good]);
    expect(summary).toMatchObject({ pulled: 1 });
    expect(summary.error).toBeUndefined();
  });
});
