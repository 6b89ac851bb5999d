import type { ServerDatabase } from './db/server-database.js';
import { blobStoreFromEnv, photoPlugin } from './photos/photo-plugin.js';
import { updateFeedPlugin } from './routes/update-feed-routes.js';
import type { ServerPlugin } from './server-context.js';

/** What the command line knows when it assembles the server's features. */
export interface ServerConfig {
  /** The server's data folder (PGlite lives in `<dataDir>/pglite`; blobs may live beside it). */
  readonly dataDir: string;
  readonly database: ServerDatabase;
  /** Photo upload sessions not completed within this are expired and their parts deleted (default 24 h). */
  readonly photoUploadTtlMs?: number;
  /** The desktop app's update feed (latest.yml, installers, blockmaps) served at /updates/. */
  readonly updatesDir?: string;
  /** Where photo blobs live: `PHOTO_S3_*` variables (S3-compatible storage), else `<dataDir>/photos`. */
  readonly photoStorage?: NodeJS.ProcessEnv;
}

/** The features mounted on the server started from the command line (`npm run server`). */
export async function serverPlugins(config: ServerConfig): Promise<ServerPlugin[]> {
  const ttl = config.photoUploadTtlMs;
  return [
    photoPlugin(blobStoreFromEnv(config.dataDir, config.photoStorage), ttl === undefined ? {} : { sessionTtlMs: ttl }),
    ...(config.updatesDir ? [updateFeedPlugin(config.updatesDir)] : []),
  ];
}
