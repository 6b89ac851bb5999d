import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { storeMeta, syncCursors } from './schema/sync-tables.js';
import { fail, type StoreContext } from './store-context.js';

const CLIENT_ID_KEY = 'client_id';

export const CLIENT_HOME_KEY = 'client_home';

/** Where a store file lives (machine and real path): its client id is bound to it; `null` in memory. */
export function storeHome(path: string): string | null {
  if (path === ':memory:' || path === '') return null;
  return `${hostname()}:${realpathSync(path)}`;
}

/**
 * The store's client id, created on first use. The server leaves records a client wrote last out of
 * that client's pulls, so two stores sharing an id would never receive each other's writes: a store
 * file copied to another PC (to spare a first sync over 2G) or restored beside the original must sync
 * under a new id. The id is bound to `home` (machine and file path): a store opened elsewhere takes a
 * new one, which costs nothing but a few of its own writes coming back (they apply as no-ops).
 * `home` null (in-memory stores) keeps the id as it is.
 */
export function ensureClientId(ctx: StoreContext, home: string | null): string {
  return ctx.sqlite.transaction(() => {
    const stored = (key: string) => ctx.db.select().from(storeMeta).where(eq(storeMeta.key, key)).get()?.value;
    const put = (key: string, value: string) =>
      ctx.db
        .insert(storeMeta)
        .values({ key, value })
        .onConflictDoUpdate({ target: storeMeta.key, set: { value } })
        .run();
    let id = stored(CLIENT_ID_KEY);
    const previousHome = stored(CLIENT_HOME_KEY);
    // A store from before homes were recorded keeps its id; it is bound from now on.
    if (id === undefined || (home !== null && previousHome !== undefined && previousHome !== home)) {
      if (id !== undefined)
        ctx.logger.info('the store file was moved or copied: syncing under a new client id', { previousHome, home });
      id = ctx.newId();
      put(CLIENT_ID_KEY, id);
    }
    if (home !== null && previousHome !== home) put(CLIENT_HOME_KEY, home);
    return id;
  })();
}

/** Stores cursors (inside the caller's transaction); unknown collections are refused. */
export function saveCursors(ctx: StoreContext, cursors: Readonly<Record<string, string>>, syncedAt?: string): void {
  for (const [collection, cursor] of Object.entries(cursors)) {
    const def = ctx.graph.resolveCollection(collection);
    if (!def.ok) fail(def.error);
    ctx.db
      .insert(syncCursors)
      .values({ collection, cursor, lastSyncedAt: syncedAt ?? null })
      .onConflictDoUpdate({
        target: syncCursors.collection,
        set: { cursor, lastSyncedAt: syncedAt ?? sql`${syncCursors.lastSyncedAt}` },
      })
      .run();
  }
}

/** Every collection of the graph with its stored cursor (`null`: pull from the beginning). */
export function readCursors(ctx: StoreContext): Record<string, string | null> {
  const stored = storedCursors(ctx);
  return Object.fromEntries(
    ctx.graph.ordered.map((def) => [def.collection, stored.get(def.collection)?.cursor ?? null]),
  );
}

/** Every entity type with the server time of its last completed sync (`null`: never). */
export function readLastSyncedAt(ctx: StoreContext): Record<string, string | null> {
  const stored = storedCursors(ctx);
  return Object.fromEntries(
    ctx.graph.ordered.map((def) => [def.name, stored.get(def.collection)?.lastSyncedAt ?? null]),
  );
}

function storedCursors(ctx: StoreContext) {
  return new Map(
    ctx.db
      .select()
      .from(syncCursors)
      .all()
      .map((row) => [row.collection, row]),
  );
}
