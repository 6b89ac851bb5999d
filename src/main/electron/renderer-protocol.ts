import { promises as fs } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentTypeOf } from './content-types.js';

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

/**
 * Serves the built renderer folder, refusing anything outside it: another host, a path that climbs out
 * (`..`, escaped or not), a malformed escape, and anything that is not a file (Chromium would list a
 * folder). Every answer carries the CSP and its content type, never one guessed from the bytes.
 */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(root, request.url);
    if ('refused' in file) return file.refused;
    if (!(await isFile(file.path))) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Type', contentTypeOf(file.path));
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** The file an `app://` URL names inside `root`, or the answer refusing it. */
function rendererFile(root: string, requestUrl: string): { path: string } | { refused: Response } {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return { refused: new Response('Not found', { status: 404 }) };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { refused: new Response('Bad request', { status: 400 }) };
  }
  const path = normalize(join(root, pathname));
  const inside = relative(root, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return { refused: new Response('Forbidden', { status: 403 }) };
  return { path };
}

/**
 * Whether `path` is a regular file (not a folder, not missing, not a name the OS refuses). Packaged, the
 * folder is inside app.asar: Electron's `fs.promises.stat` reads the archive, looked up at each call.
 */
async function isFile(path: string): Promise<boolean> {
  return fs.stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
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
