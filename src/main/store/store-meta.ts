import { eq, sql } from 'drizzle-orm';
import { storeMeta, syncCursors } from './schema/sync-tables.js';
import { fail, type StoreContext } from './store-context.js';

const CLIENT_ID_KEY = 'client_id';

/** The store's client id, created on first use and kept for the life of the store file. */
export function ensureClientId(ctx: StoreContext): string {
  ctx.db.insert(storeMeta).values({ key: CLIENT_ID_KEY, value: ctx.newId() }).onConflictDoNothing().run();
  const row = ctx.db.select().from(storeMeta).where(eq(storeMeta.key, CLIENT_ID_KEY)).get();
  if (!row) throw new Error('client id was not stored');
  return row.value;
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
