import type { FieldsyncApi } from '../../shared/ipc/api.js';
import type { DroppedFilesApi } from '../../shared/ipc/dropped-files.js';
import { connectWsClient, type WebSocketLike } from '../../shared/ipc/ws-client.js';

declare global {
  interface Window {
    /** Set by the Electron preload. */
    readonly fieldsync?: FieldsyncApi;
    /** Set by the Electron preload: paths of dropped files (absent in a plain browser). */
    readonly fieldsyncFiles?: DroppedFilesApi;
  }
}

const STORAGE_KEY = 'fieldsync.ws';

/**
 * The page's way to main: the preload's `window.fieldsync` in Electron, otherwise the loopback
 * WebSocket whose address and token arrive once in the query string (`?ws=…&token=…`, e2e and
 * `npm run dev:web`). The query is removed from the address bar at once; the tab keeps it for reloads.
 */
export async function connectApi(): Promise<FieldsyncApi> {
  if (window.fieldsync) return window.fieldsync;
  const query = new URLSearchParams(window.location.search);
  const fromQuery = query.get('ws') && query.get('token') ? { ws: query.get('ws'), token: query.get('token') } : null;
  if (fromQuery) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(fromQuery));
    history.replaceState(null, '', window.location.pathname + window.location.hash);
  }
  const saved = fromQuery ?? JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
  if (!saved?.ws || !saved?.token) {
    throw new Error('Fieldsync is not running: open it from the desktop app (or npm run dev:web).');
  }
  const client = connectWsClient(saved.ws, saved.token, (url) => new WebSocket(url) as unknown as WebSocketLike);
  await client.ready;
  return client.api;
}
