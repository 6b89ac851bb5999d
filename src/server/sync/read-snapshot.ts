import type { ServerDatabase, ServerTx } from '../db/server-database.js';

/**
 * Runs reads in one repeatable-read snapshot, so the head and every page come from the same moment:
 * parents read first are never missing for children read later, and the head never runs ahead of a page.
 * (PGlite has one connection and runs one transaction at a time: any transaction is a snapshot.)
 */
export function readSnapshot<T>(database: ServerDatabase, read: (tx: ServerTx) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return database.db.transaction(read);
  return database.db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
