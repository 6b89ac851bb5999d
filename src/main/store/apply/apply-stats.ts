/** What one apply (a sync page and/or push results) did. */
export interface ApplyStats {
  /** Records inserted or overwritten with a newer server version. */
  applied: number;
  /** Tombstones applied to known records. */
  deleted: number;
  /** Same or older versions, and tombstones of records this store never had. */
  skipped: number;
  /** Server records merged into rows with pending local edits. */
  merged: number;
  /** Conflict rows recorded (open or automatically resolved). */
  conflicts: number;
  /** Ops the server applied (or had applied: `duplicate`), removed from the outbox. */
  acked: number;
  /** Ops the server rejected, now waiting for the officer. */
  rejected: number;
  /** Results for ops the outbox no longer holds (already acked, or superseded by a rebase). */
  unknownResults: number;
  /** Records let go because the user's districts changed (see `applyScopeRemovals`). */
  removed: number;
  /** Records out of the user's districts kept for their queued changes, which now need attention. */
  outOfScope: number;
}

export const emptyStats = (): ApplyStats => ({
  applied: 0,
  deleted: 0,
  skipped: 0,
  merged: 0,
  conflicts: 0,
  acked: 0,
  rejected: 0,
  unknownResults: 0,
  removed: 0,
  outOfScope: 0,
});
