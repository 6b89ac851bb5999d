import type { BackoffOptions } from '../../shared/backoff.js';

/** The sync client's retry schedules: re-probing an unreachable server, re-syncing after a failure. */
export interface SyncBackoffs {
  readonly probe?: BackoffOptions;
  readonly retry?: BackoffOptions;
}
