import type { AppError, Result } from '../../shared/errors.js';
import type {
  ConflictResolutionRecord,
  Cursor,
  OpResult,
  ResolutionResult,
  ScopeRemovals,
  WireRecord,
} from '../../shared/protocol/index.js';
import type { OutboxOp, OutboxState } from '../store/index.js';

/** One response of `POST /api/sync` as the store applies it: in one transaction, results first. */
export interface ServerPage {
  readonly changes: readonly { readonly collection: string; readonly items: readonly WireRecord[] }[];
  readonly cursors: Readonly<Record<string, Cursor>>;
  /** Server time of the last page of a complete sync (recorded as the collections' last sync). */
  readonly syncedAt?: string;
  readonly results: readonly OpResult[];
  /** Answers to the conflict resolutions the request carried, applied with the results. */
  readonly resolutionResults?: readonly ResolutionResult[];
  /** Records the user may no longer see (their districts changed): let go first, in the same transaction. */
  readonly removals?: readonly ScopeRemovals[];
}

/** What applying a page did, as far as the engine reports it. */
export interface PageStats {
  /** Ops the server acknowledged (applied or duplicate), now out of the outbox. */
  readonly acked: number;
  /** Conflict rows recorded (merged, last-write-wins or held). */
  readonly conflicts: number;
}

/**
 * Exactly what the sync engine needs from the local store (`LocalStore` satisfies it). Every
 * method that writes is one synchronous SQLite transaction: the engine never holds one across an
 * `await`, and a crash between two calls leaves a state the next sync resumes from.
 */
export interface SyncStore {
  /** Stable id of this installation, sent so the server does not echo our own writes. */
  clientId(): string;
  /** Per collection, the cursor of the last committed page (`null`/absent: never synced). */
  getCursors(): Readonly<Record<string, Cursor | null>>;
  /** Per collection, the server time of its last committed page. */
  lastSyncedAt(): Readonly<Record<string, string | null>>;
  /** Applies push results, then the page's records, then its cursors — one transaction. */
  applyServerPage(page: ServerPage): Result<PageStats>;
  /** Starts a re-download from scratch after a RESYNC answer (cursors forgotten, outbox kept). */
  beginResync(): Result<unknown>;
  /** A re-download was started and has not completed: the next pulls replace rows with the server's. */
  resyncInProgress(): boolean;
  /** The re-download's last page is applied: rows the server did not send go (pending edits stay). */
  finishResync(): Result<{ readonly removed: number }>;
  /** Up to `limit` operations ready to send, parents first, skipping ops waiting on backoff. */
  readyOps(limit: number): readonly OutboxOp[];
  markInFlight(opIds: readonly string[]): unknown;
  /** The request carrying these ops failed: back off and retry later; never drop. */
  failOps(opIds: readonly string[], error: AppError): unknown;
  /** Up to `limit` conflicts resolved by hand that the server has not stored yet, oldest first. */
  unsentResolutions(limit: number): readonly ConflictResolutionRecord[];
  /** Operations per outbox state. */
  outboxCounts(): Readonly<Record<OutboxState, number>>;
}
