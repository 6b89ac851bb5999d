import { isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

/** The page is served from `app://fieldsync/`, not `file://` (Electron security checklist §18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldsync';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before `ready`: the scheme behaves like https (secure context, standard URL parsing). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * The page's CSP, sent as a header too (the built page also carries it in a meta tag): nothing but
 * the app's own files; no inline script, no eval, no network. The one hash is the empty string's,
 * which lets Fluent UI create empty <style> elements it fills through the CSSOM.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');

/** Serves the built renderer folder, refusing anything outside it. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const path = normalize(join(root, decodeURIComponent(url.pathname)));
    const inside = relative(root, path);
    if (inside.startsWith('..') || isAbsolute(inside)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Whether a frame URL is our page (the packaged protocol, or the dev server in development). */
export function isAppPage(frameUrl: string, devServerUrl: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (!devServerUrl) return false;
  const dev = new URL(devServerUrl);
  return url.protocol === dev.protocol && url.host === dev.host;
}
