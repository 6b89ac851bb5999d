import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Result } from '../../../shared/errors.js';
import { quote } from '../codec/row-codec.js';
import { resyncSeen, storeMeta, syncCursors } from '../schema/sync-tables.js';
import type { StoreContext } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';

/** `store_meta` key present (with the start time) while a re-download from scratch is under way. */
const RESYNC_KEY = 'resync';

/** When the re-download under way started (ISO), or `null` when none is. */
export function resyncStartedAt(ctx: StoreContext): string | null {
  return ctx.db.select().from(storeMeta).where(eq(storeMeta.key, RESYNC_KEY)).get()?.value ?? null;
}

/**
 * Starts a re-download from scratch, after the server answered RESYNC (its database was restored or
 * reset, or this copy's cursors are older than its purge horizon): in one transaction, records that a
 * re-download is under way, forgets the cursors (the next pulls start from the beginning) and what a
 * previous, interrupted re-download had received, and puts operations left in flight back in the queue
 * (the server refused the request before applying its push). The data and the outbox stay as they are:
 * the officer keeps seeing their records, and no unsent edit is lost.
 */
export function beginResync(parts: StoreParts): Result<{ readonly released: number }> {
  const { ctx } = parts;
  return ctx.transact('beginResync', () => {
    const value = ctx.nowIso();
    ctx.db
      .insert(storeMeta)
      .values({ key: RESYNC_KEY, value })
      .onConflictDoUpdate({ target: storeMeta.key, set: { value } })
      .run();
    ctx.db.delete(resyncSeen).run();
    ctx.db.delete(syncCursors).run();
    return { released: parts.outbox.releaseInFlight() };
  });
}

/** Remembers, inside the page's transaction, the records a re-download received. */
export function markReceived(ctx: StoreContext, def: EntityDef, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const insert = insertStatement(ctx);
  for (const id of ids) insert.run(def.name, id);
}

const inserts = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(ctx: StoreContext): Database.Statement {
  let statement = inserts.get(ctx.sqlite);
  if (!statement) {
    statement = ctx.sqlite.prepare('INSERT OR IGNORE INTO "resync_seen" ("entity", "record_id") VALUES (?, ?)');
    inserts.set(ctx.sqlite, statement);
  }
  return statement;
}

/**
 * Ends a completed re-download, in one transaction: removes the rows the server no longer sent (it
 * purged or never had them) — except rows with pending local edits, which stay and are pushed (the
 * server then accepts, or answers a conflict or a rejection the officer sees), and rows such a row
 * still references — children first; then forgets what was received and clears the flag.
 */
export function finishResync(parts: StoreParts): Result<{ readonly removed: number }> {
  const { ctx } = parts;
  return ctx.transact('finishResync', () => {
    let removed = 0;
    for (const def of [...ctx.graph.ordered].reverse()) {
      removed += ctx.sqlite.prepare(sweepSql(ctx, def)).run(def.name).changes;
    }
    ctx.db.delete(resyncSeen).run();
    ctx.db.delete(storeMeta).where(eq(storeMeta.key, RESYNC_KEY)).run();
    if (removed > 0) ctx.logger.info('re-download removed records the server no longer has', { removed });
    return { removed };
  });
}

/** Deletes the rows of `def` the re-download did not receive, have no pending edit and nothing references. */
function sweepSql(ctx: StoreContext, def: EntityDef): string {
  const t = quote(def.table);
  const referenced = ctx.graph.ordered.flatMap((child) =>
    child.refs
      .filter((ref) => ref.entity === def.name)
      .map((ref) => `NOT EXISTS (SELECT 1 FROM ${quote(child.table)} c WHERE c.${quote(ref.column)} = ${t}."id")`),
  );
  return [
    `DELETE FROM ${t} WHERE "_local_state" = 'synced'`,
    `AND NOT EXISTS (SELECT 1 FROM "resync_seen" s WHERE s."entity" = ? AND s."record_id" = ${t}."id")`,
    ...referenced.map((condition) => `AND ${condition}`),
  ].join(' ');
}
