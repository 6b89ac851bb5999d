import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

/** A saved file waiting for the page to fetch it. */
export interface OfferedFile {
  readonly path: string;
  /** The name the browser saves it under. */
  readonly name: string;
}

/**
 * Files the browser shell hands to the page as downloads (an export written by main): each gets an
 * unguessable one-time address on the loopback WebSocket transport's HTTP server, which serves it once
 * with `Content-Disposition: attachment`. The Electron shell saves where the officer chose instead.
 */
export interface DownloadShelf {
  /** Puts a saved file on the shelf; returns the address the page downloads it from. */
  offer(path: string): string;
  /** The file behind an id, taken off the shelf (a second request finds nothing). */
  take(id: string): OfferedFile | undefined;
  /** Where the transport serves the shelf (`http://127.0.0.1:<port>`), once it listens. */
  bind(origin: string): void;
}

export const DOWNLOAD_PATH = '/downloads/';
/** A file not fetched within this time is forgotten (the page was closed, the officer went away). */
const KEEP_MS = 10 * 60 * 1000;

export function createDownloadShelf(now: () => number = Date.now): DownloadShelf {
  const files = new Map<string, OfferedFile & { readonly until: number }>();
  let origin: string | undefined;
  const forgetOld = () => {
    for (const [id, file] of files) if (file.until < now()) files.delete(id);
  };
  return {
    offer(path) {
      if (!origin) throw new Error('The download shelf is not served yet (bind it to the transport first)');
      forgetOld();
      const id = randomBytes(24).toString('base64url');
      files.set(id, { path, name: basename(path), until: now() + KEEP_MS });
      return `${origin}${DOWNLOAD_PATH}${id}`;
    },
    take(id) {
      forgetOld();
      const file = files.get(id);
      files.delete(id);
      return file && { path: file.path, name: file.name };
    },
    bind(at) {
      origin = at;
    },
  };
}
