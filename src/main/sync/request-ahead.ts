import type { Result } from '../../shared/errors.js';
import type { SyncRequest, SyncResponse } from '../../shared/protocol/index.js';
import type { RequestOptions } from './server-connection.js';

/** The part of the server client a sync uses (`ServerApi` satisfies it). */
export interface SyncTransport {
  sync(request: SyncRequest, opts?: RequestOptions): Promise<Result<SyncResponse>>;
}

/** A request on its way, abortable on its own (a request sent ahead is dropped when its page fails). */
export interface Pending {
  readonly response: Promise<Result<SyncResponse>>;
  abort(): void;
}

/** Sends a sync request that the sync's signal, or `abort()`, cancels. */
export function sendRequest(
  api: SyncTransport,
  signal: AbortSignal,
  request: SyncRequest,
  onSent?: () => void,
): Pending {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  const response = api
    .sync(request, { signal: controller.signal, ...(onSent ? { onSent } : {}) })
    .finally(() => signal.removeEventListener('abort', abort));
  return { response, abort };
}

/**
 * Sends the request for the next page before the current one is applied, and resolves once it has
 * left (or failed): applying a page blocks the event loop (SQLite is synchronous), so the request must
 * be on the socket first for the server to work on it meanwhile.
 */
export async function sendAhead(api: SyncTransport, signal: AbortSignal, request: SyncRequest): Promise<Pending> {
  let sent!: () => void;
  const left = new Promise<void>((resolve) => {
    sent = resolve;
  });
  const pending = sendRequest(api, signal, request, sent);
  await Promise.race([left, pending.response]);
  return pending;
}
