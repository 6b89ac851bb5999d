import type { ServerDb, ServerTx } from '../db/server-database.js';

/**
 * Runs reads in one repeatable-read snapshot, so the head and every page come from the same moment:
 * parents read first are never missing for children read later, and the head never runs ahead of a page.
 */
export function readSnapshot<T>(db: ServerDb, read: (tx: ServerTx) => Promise<T>): Promise<T> {
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
