import type { AppError } from '../../shared/errors.js';
import type { PushOp } from '../../shared/protocol/sync.js';
import type { LocalState } from './schema/entity-table.js';
import type { ConflictKind, OutboxState } from './schema/sync-tables.js';

/** A record as the app reads it: declared fields plus its sync state. */
export interface LocalRecord {
  readonly entity: string;
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Server version the row mirrors; `null` when the server has not accepted it yet. */
  readonly version: number | null;
  readonly updatedAt: string | null;
  readonly deleted: boolean;
  readonly localState: LocalState;
  /** The server version pending local edits started from. */
  readonly baseVersion: number | null;
  readonly localUpdatedAt: string | null;
}

/** A queued operation as the sync engine sends it (`toPushOp`). */
export interface OutboxOp {
  readonly seq: number;
  readonly opId: string;
  readonly entity: string;
  /** The record's id. */
  readonly id: string;
  readonly kind: 'upsert' | 'delete';
  /** Changed fields (upsert); `null` for a delete. */
  readonly changes: Readonly<Record<string, unknown>> | null;
  readonly baseVersion: number | null;
  readonly state: OutboxState;
  /** Times handed to the network. */
  readonly attempts: number;
  /** Transient failures since the last retry. */
  readonly failures: number;
  readonly lastError: AppError | null;
  /** Epoch ms of the earliest next attempt, after a failure. */
  readonly nextAttemptAt: number | null;
  readonly createdAt: string;
}

/** The wire form of a queued op. */
export function toPushOp(op: OutboxOp): PushOp {
  const head = { opId: op.opId, entity: op.entity, id: op.id, baseVersion: op.baseVersion };
  return op.kind === 'delete' ? { ...head, delete: true } : { ...head, changes: op.changes ?? {} };
}

/** One line of the queue screen. */
export interface OutboxEntryView {
  readonly opId: string;
  readonly seq: number;
  readonly entity: string;
  /** What an officer calls the entity type, e.g. `School visit`. */
  readonly entityLabel: string;
  readonly recordId: string;
  /** The record's title field (or its id when it has none or the row is gone). */
  readonly recordTitle: string;
  /** `create`: the record is not on the server yet. */
  readonly kind: 'create' | 'update' | 'delete';
  /** Names of the fields the op carries. */
  readonly fields: readonly string[];
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: AppError | null;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One field of a conflict, side by side. */
export interface ConflictFieldView {
  readonly field: string;
  readonly base: unknown;
  readonly local: unknown;
  readonly server: unknown;
  /** What the record took (`undefined` while held or after a delete). */
  readonly resolved: unknown;
}

/** A conflict as the override screen shows it. */
export interface ConflictView {
  readonly id: string;
  readonly entity: string;
  readonly entityLabel: string;
  readonly recordId: string;
  readonly recordTitle: string;
  readonly kind: ConflictKind;
  readonly status: 'open' | 'resolved';
  readonly fields: readonly ConflictFieldView[];
  readonly localDeleted: boolean;
  readonly serverDeleted: boolean;
  readonly base: Readonly<Record<string, unknown>> | null;
  readonly local: Readonly<Record<string, unknown>>;
  readonly server: Readonly<Record<string, unknown>>;
  readonly resolved: Readonly<Record<string, unknown>> | null;
  readonly baseVersion: number | null;
  readonly serverVersion: number;
  /** Fields decided automatically and the side that won each; the other `fields` were held. */
  readonly auto: Readonly<Record<string, 'local' | 'server'>>;
  /** The officer who resolved it by hand; `null` while open or when resolved automatically. */
  readonly resolvedBy: string | null;
  /** The side (or a typed value) the officer kept per field, when resolved by hand. */
  readonly choices: Readonly<Record<string, 'local' | 'server' | 'value'>> | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

/** The officer's choice for one field of a conflict. */
export type FieldChoice = 'local' | 'server' | { readonly value: unknown };

/** What discarding an op threw away, for the confirmation message. */
export interface DiscardedRecord {
  readonly entity: string;
  readonly id: string;
  readonly title: string;
  /** `created`: the record only existed here and is gone; `changed`/`deleted`: back to the server's state. */
  readonly change: 'created' | 'changed' | 'deleted';
  /** The local values that were dropped (the whole record for `created`). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly opIds: readonly string[];
}

export interface DiscardResult {
  /** The record itself first, then any local-only descendants removed with it. */
  readonly lost: readonly DiscardedRecord[];
}
