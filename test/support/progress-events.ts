import type { SyncProgressEvent } from '../../src/shared/sync-events.js';

/** A sync progress event with every counter at zero but those given. */
export const progressEvent = (over: Partial<SyncProgressEvent>): SyncProgressEvent => ({
  kind: 'sync-progress',
  syncId: 1,
  phase: 'pull',
  done: 0,
  pulled: 0,
  pushed: 0,
  requests: 0,
  bytesDown: 0,
  bytesUp: 0,
  elapsedMs: 0,
  ...over,
});

/** The photo phase's start, then 4 s later one small photo of four done: a tenth of the bytes. */
export const photoPhase = [
  progressEvent({ phase: 'photos', done: 0, total: 4, bytesDone: 0, bytesTotal: 8_000_000, elapsedMs: 10_000 }),
  progressEvent({
    phase: 'photos',
    done: 1,
    total: 4,
    bytesDone: 800_000,
    bytesTotal: 8_000_000,
    bytesUp: 900_000,
    elapsedMs: 14_000,
  }),
] as const;
