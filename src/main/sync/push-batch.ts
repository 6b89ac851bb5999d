import { MAX_PUSH_BATCH } from '../../shared/protocol/index.js';
import type { OutboxOp } from '../store/index.js';
import type { SyncStore } from './sync-store.js';

/** Serialized size a push batch stays under, well inside the server's 4 MB body limit. */
const DEFAULT_BATCH_BYTES = 512 * 1024;

/**
 * The ready ops that fit one request: at most `maxOps` (and the protocol's `MAX_PUSH_BATCH`), and at
 * most about `maxBytes` once serialized — a batch of long visit notes must not be refused as too large.
 */
export function takePushBatch(
  store: SyncStore,
  maxOps = MAX_PUSH_BATCH,
  maxBytes = DEFAULT_BATCH_BYTES,
): readonly OutboxOp[] {
  const ops = store.readyOps(Math.min(maxOps, MAX_PUSH_BATCH));
  let bytes = 0;
  let n = 0;
  for (const op of ops) {
    bytes += JSON.stringify(op.changes ?? null).length + 200;
    if (n > 0 && bytes > maxBytes) break;
    n++;
  }
  return ops.slice(0, n);
}
