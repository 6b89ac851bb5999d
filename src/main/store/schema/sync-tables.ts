import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AppError } from '../../../shared/errors.js';
import { CONFLICT_KINDS, type ConflictKind, type ResolutionChoice } from '../../../shared/protocol/resolutions.js';

export const OUTBOX_STATES = ['pending', 'in_flight', 'failed', 'needs_attention'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** What one send of an op carried: its content when it was handed to the network. */
export interface SentContent {
  readonly kind: 'upsert' | 'delete';
  readonly baseVersion: number | null;
  readonly changes: Record<string, unknown> | null;
}

/**
 * Local edits waiting for the server, written in the same transaction as the data they describe.
 * `opId` is the idempotency key the server deduplicates on. Rows leave only when the server
 * acknowledged them or the officer discarded them: never silently.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    /** Local ordering: edits are sent in the order they were made. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    opId: text('op_id').notNull().unique(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    kind: text('kind', { enum: ['upsert', 'delete'] }).notNull(),
    /** Changed fields (upsert) relative to `baseVersion`. */
    changes: text('changes', { mode: 'json' }).$type<Record<string, unknown>>(),
    baseVersion: integer('base_version'),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    /** Times the op was handed to the network (`markInFlight`); > 0 means the server may have seen its opId. */
    attempts: integer('attempts').notNull().default(0),
    /** Transient failures since the last retry or rebase; drives backoff and the move to `needs_attention`. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error', { mode: 'json' }).$type<AppError>(),
    /** Earliest time (epoch ms) of the next attempt after a failure (backoff). */
    nextAttemptAt: integer('next_attempt_at'),
    /**
     * Each distinct content sent under this opId, oldest first (`markInFlight`). A rebase keeps the
     * opId, so the server applies at most one of them; when it answers `duplicate` with a version only
     * an earlier content could have produced, this says which one it was (see `acknowledge`).
     */
    sent: text('sent', { mode: 'json' }).$type<SentContent[]>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('outbox_record_idx').on(t.entity, t.recordId), index('outbox_state_idx').on(t.state)],
);

/** Per collection: the server cursor and when it last synced successfully. */
export const syncCursors = sqliteTable('sync_cursors', {
  collection: text('collection').primaryKey(),
  cursor: text('cursor'),
  lastSyncedAt: text('last_synced_at'),
});

/**
 * `merged`: both sides changed disjoint fields; `last_write_wins`: overlapping fields took the local
 * (pending) value; `held`: overlapping manual fields wait for the officer; `remote_delete`: the server
 * deleted a record with pending local edits (the local values are kept here so nothing is lost silently).
 */
export { CONFLICT_KINDS, type ConflictKind };
/** A side of a conflict: this computer's edit or the server's. */
export type ConflictSide = 'local' | 'server';

/**
 * Every concurrent edit the engine met, with the three versions, so the officer can see and
 * override any automatic resolution; `held` ones wait for the officer.
 */
export const conflicts = sqliteTable(
  'conflicts',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    kind: text('kind', { enum: CONFLICT_KINDS }).notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    /** The fields the conflict is about: both sides changed them (or, for `merged`, either side did). */
    fields: text('fields', { mode: 'json' }).$type<string[]>().notNull(),
    base: text('base', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    local: text('local', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    server: text('server', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The local side was a pending delete. */
    localDeleted: integer('local_deleted', { mode: 'boolean' }).notNull().default(false),
    /** The server side was a tombstone. */
    serverDeleted: integer('server_deleted', { mode: 'boolean' }).notNull().default(false),
    baseVersion: integer('base_version'),
    serverVersion: integer('server_version').notNull(),
    /** What the record became (the automatic or chosen resolution). */
    resolved: text('resolved', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Fields the merge decided by itself, and the side that won each (the rest of `fields` are held). */
    auto: text('auto', { mode: 'json' }).$type<Record<string, ConflictSide>>(),
    /** Who resolved it by hand (the officer's name); `null` while open or resolved automatically. */
    resolvedBy: text('resolved_by'),
    /** The officer's choice per field when resolved by hand: a side, or a typed value. */
    choices: text('choices', { mode: 'json' }).$type<Record<string, ResolutionChoice>>(),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    /** The edit that carries a hand resolution to the server (`null`: none was needed, or not resolved by hand). */
    resolutionOpId: text('resolution_op_id'),
    /**
     * The hand resolution's trip to the server (`SyncRequest.resolutions`): `pending` until a sync's
     * answer says it is stored (`sent`) or refused (`refused`, with `historyError`; never sent again).
     * `null` for conflicts nobody resolved by hand: automatic resolutions stay local.
     */
    historyState: text('history_state', { enum: ['pending', 'sent', 'refused'] }),
    historyError: text('history_error', { mode: 'json' }).$type<AppError>(),
  },
  (t) => [
    index('conflicts_record_idx').on(t.entity, t.recordId),
    index('conflicts_status_idx').on(t.status),
    index('conflicts_history_idx').on(t.historyState),
  ],
);

/** Small key/value settings of the store itself (client id, schema facts). */
export const storeMeta = sqliteTable('store_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Records a re-download from scratch (after the server answered RESYNC) has received so far. Kept in
 * the database, not in memory, so a re-download cut by a crash resumes: when it completes, the rows
 * it did not receive (and that have no pending local edit) are the ones the server no longer has.
 * Empty outside a re-download; `store_meta.resync` says one is under way.
 */
export const resyncSeen = sqliteTable(
  'resync_seen',
  {
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.recordId] })],
);
