import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerPlugin } from '../server-context.js';

/** Where the desktop app's updater asks (electron-builder.yml `publish`, the app's feed URL). */
export const UPDATE_FEED_PREFIX = '/updates/';

/**
 * The files an electron-builder release drops in the folder: the feed (`latest.yml`), the installers
 * and their blockmaps. Nothing else is served: no subfolders, no dotfiles, no listing.
 */
const RELEASE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(yml|exe|blockmap)$/;

/**
 * Per file type: the feed is re-read at every check; installers and blockmaps carry their version in
 * their names. Their own media types also keep @fastify/compress off them (it would gzip anything
 * `octet-stream`): they are compressed already, and a gzipped whole download loses its Content-Length,
 * which the updater's progress and size check need.
 */
function headersFor(file: string): Record<string, string> {
  if (file.endsWith('.yml')) return { 'Cache-Control': 'no-cache' };
  return {
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Content-Type': file.endsWith('.exe') ? 'application/vnd.microsoft.portable-executable' : 'application/gzip',
  };
}

/**
 * `GET|HEAD /updates/<file>`, public: the desktop app's update feed for electron-updater's generic
 * provider, served from `folder` (a release is published by copying release/latest.yml, the
 * installer and its .blockmap there; new files are served without a restart).
 *
 * Differential updates over 2G depend on this route: the updater reads the new installer's blockmap,
 * compares it with the installed one's, and asks only for the changed blocks with `Range` requests
 * (one range per request, so it can report progress; see src/main/electron/app-updater.ts). Ranges,
 * `ETag`/`Last-Modified` validators, `If-None-Match`/`If-Modified-Since` (304) and `If-Range` come
 * from @fastify/send; a 206 is never compressed (its byte offsets are the file's), a whole
 * `latest.yml` may be. Unauthenticated like the installer link it replaces: it holds no data.
 */
export function updateFeedPlugin(folder: string): ServerPlugin {
  return {
    name: 'update-feed',
    public: async (app: FastifyInstance) => {
      // An empty feed is valid (no release yet: 404s); a missing folder would only warn.
      mkdirSync(folder, { recursive: true });
      await app.register(async (scope) => {
        await scope.register(fastifyStatic, {
          root: folder,
          prefix: UPDATE_FEED_PREFIX,
          decorateReply: false,
          index: false,
          list: false,
          dotfiles: 'ignore',
          serveDotFiles: false,
          redirect: false,
          acceptRanges: true,
          etag: true,
          lastModified: true,
          cacheControl: false,
          allowedPath: (pathName) => RELEASE_FILE.test(pathName.replace(/^\//, '')),
          setHeaders: (reply, path) => {
            reply.headers(headersFor(path));
          },
        });
        // A range past the end is 416 with `Content-Range: bytes */<size>` (the server's error handler
        // would make any 4xx a 400 with a JSON body): the updater then starts over with the whole file.
        scope.setErrorHandler((error: FastifyError & { headers?: Record<string, string> }, _request, reply) => {
          if (error.statusCode !== 416 && error.statusCode !== 412) throw error;
          return reply
            .code(error.statusCode)
            .headers(error.headers ?? {})
            .send();
        });
      });
    },
  };
}
