import {
  bigint,
  boolean,
  index,
  jsonb,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The change feed's first counter, no longer read: seqs are taken from `feed_head.head` under that
 * row's lock (see `write-transaction.ts`), which is the feed lock. Kept so older migrations and
 * backups still apply; a server from before that change must not run beside a newer one.
 */
export const changeSeq = pgSequence('change_seq', { startWith: 1, increment: 1 });

/**
 * One row: the highest seq committed (`head`), the database's epoch, a random tag baked into cursors so
 * a cursor from another (or a reset) database is refused rather than silently skipping, and the latest
 * `updatedAt` stamped (`stamped_at`): stamps never go below it, so time order follows commit order
 * even when server processes' clocks disagree or one steps back.
 */
export const feedHead = pgTable('feed_head', {
  id: smallint('id').primaryKey(),
  head: bigint('head', { mode: 'number' }).notNull(),
  epoch: text('epoch').notNull(),
  stampedAt: timestamp('stamped_at', { withTimezone: true, mode: 'string' }),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** `scrypt$N$r$p$salt$hash`; never the password. */
  passwordHash: text('password_hash').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  /** Districts the user may see and edit; null means the whole organisation. */
  districtIds: uuid('district_ids').array(),
  /** A disabled user cannot sign in and has no sessions (disabling ends them). */
  disabled: boolean('disabled').notNull().default(false),
  /**
   * `admin`: may manage the accounts of their own organisation through `/api/admin` (the operator's
   * CLI needs no role). `officer`: syncs and nothing more.
   */
  role: text('role', { enum: ['officer', 'admin'] })
    .notNull()
    .default('officer'),
  /**
   * The password was set by an administrator (`user add`, `reset-password`) and works once: signing in
   * with it answers a change token instead of a session, and no session of the user is honoured until
   * a new password replaces it.
   */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the bearer token: a leaked table does not leak usable tokens. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** The device (sync `clientId`) this session is bound to: set by its first sync that names one. */
    clientId: uuid('client_id'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Proofs of a sign-in with a one-time password: each lets `POST /api/auth/change-password` set the
 * user's own password once, for a few minutes, and opens nothing else. Only the token's hash is kept.
 */
export const passwordChangeTokens = pgTable(
  'password_change_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('password_change_tokens_user_idx').on(t.userId)],
);

/** Applied push operations by opId, so a retried op is answered `duplicate` with its first result. */
export const appliedOps = pgTable('applied_ops', {
  opId: uuid('op_id').primaryKey(),
  userId: uuid('user_id').notNull(),
  result: jsonb('result'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * Records that left a district (moved elsewhere), keyed by the seq of the move. Users who could see
 * the old district but not the new one receive them as removals.
 */
export const scopeExits = pgTable(
  'scope_exits',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    recordId: uuid('record_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
    organisationScope: uuid('organisation_scope').notNull(),
    fromDistrict: uuid('from_district').notNull(),
    toDistrict: uuid('to_district'),
  },
  (t) => [index('scope_exits_entity_seq_idx').on(t.entity, t.seq), index('scope_exits_from_idx').on(t.fromDistrict)],
);

/**
 * Every change of a user's districts (`set-districts`), stamped on the change feed under the feed lock
 * (`seq`), with the districts before and after (null: the whole organisation). A device whose cursor
 * is older than a change is caught up from here: removals for what it no longer sees and a backfill of
 * what it newly sees (`sync/scope-catch-up.ts`), never a full resync.
 */
export const userScopeChanges = pgTable(
  'user_scope_changes',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    districtsBefore: uuid('districts_before').array(),
    districtsAfter: uuid('districts_after').array(),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('user_scope_changes_user_seq_idx').on(t.userId, t.seq)],
);

/**
 * Conflicts a person resolved on a device, sent with its sync (`SyncRequest.resolutions`): the record's
 * resolution history an administrator reads (`GET /api/admin/conflict-resolutions`). `id` is the
 * device's conflict id, stored once (a retried request answers `duplicate`); `user_id` is who sent it
 * (the signed-in account, not a name the device chose); the scope columns are the record's at receipt.
 */
export const conflictResolutions = pgTable(
  'conflict_resolutions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    /** The device (sync `clientId`) it came from, when the request named one. */
    clientId: uuid('client_id'),
    organisationScope: uuid('organisation_scope').notNull(),
    districtScope: uuid('district_scope'),
    entity: text('entity').notNull(),
    recordId: uuid('record_id').notNull(),
    kind: text('kind').notNull(),
    /** Per field, the side kept: `local`, `server` or `value`. */
    choices: jsonb('choices').$type<Record<string, string>>().notNull(),
    /** The name the device showed for who resolved it. */
    resolvedBy: text('resolved_by'),
    detectedAt: timestamp('detected_at', { withTimezone: true, mode: 'string' }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'string' }).notNull(),
    baseVersion: bigint('base_version', { mode: 'number' }),
    serverVersion: bigint('server_version', { mode: 'number' }).notNull(),
    /** The pushed edit that carried the result. */
    opId: uuid('op_id'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('conflict_resolutions_record_idx').on(t.entity, t.recordId),
    index('conflict_resolutions_org_received_idx').on(t.organisationScope, t.receivedAt),
  ],
);

/**
 * One row: how far the purge of old history has gone. `purged_seq` is the highest feed position of a
 * tombstone, scope exit or scope change purged so far: a cursor below it may have missed one of them, so
 * it is answered RESYNC. `purged_before` is the horizon of the last purge (a time position, the seed's
 * `updatedAfter=<ISO>`, before it is answered RESYNC too). A table of its own, not `feed_head`: a purge
 * batch then never holds the row every writer updates.
 */
export const feedPurge = pgTable('feed_purge', {
  id: smallint('id').primaryKey(),
  purgedSeq: bigint('purged_seq', { mode: 'number' }).notNull().default(0),
  purgedBefore: timestamp('purged_before', { withTimezone: true, mode: 'string' }),
});

/** Tables that are not entity tables, for the schema index. */
export const serverTables = {
  feedHead,
  users,
  sessions,
  passwordChangeTokens,
  appliedOps,
  scopeExits,
  userScopeChanges,
  conflictResolutions,
  feedPurge,
};
