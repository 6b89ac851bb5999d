import type { AppCore } from '../app/app-core.js';
import { createDispatcher } from './create-dispatcher.js';
import type { DownloadShelf } from './download-shelf.js';
import { startWsTransport, type WsTransport } from './ws-transport.js';

/**
 * Binds the app core to the loopback WebSocket transport, for a renderer running in a plain browser
 * (e2e and `npm run dev:web`). Results are checked against the contract too: a drift fails loudly.
 */
export function serveCoreOverWs(
  core: AppCore,
  options: { allowedOrigins?: readonly string[]; port?: number; downloads?: DownloadShelf } = {},
): Promise<WsTransport> {
  const dispatch = createDispatcher(core.handlers, {
    isTrustedSender: (sender) => sender.transport === 'websocket',
    validateResults: true,
  });
  return startWsTransport({
    dispatch,
    subscribe: (listener) => core.subscribe(listener),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.downloads ? { downloads: options.downloads } : {}),
  });
}

/** The page address that connects a browser to a core served over the WebSocket. */
export function pageUrlFor(pageBase: string, transport: WsTransport, hash = '#/schools'): string {
  const url = new URL(pageBase);
  url.searchParams.set('ws', transport.url);
  url.searchParams.set('token', transport.token);
  url.hash = hash;
  return url.toString();
}
