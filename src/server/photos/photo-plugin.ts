import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { Gauge } from 'prom-client';
import type { ServerContext, ServerPlugin } from '../server-context.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { photoOpenApi } from './photo-openapi.js';
import { photoRoutes } from './photo-routes.js';
import { photoUploadSessions } from './photo-tables.js';
import { PhotoUploadService } from './photo-upload-service.js';
import { S3BlobStore } from './s3-blob-store.js';
import { DEFAULT_SWEEP_EVERY_MS, type SessionSweeper, startSessionSweeper } from './session-sweeper.js';
import { UploadSessionExpiry } from './upload-session-expiry.js';

export interface PhotoPluginOptions {
  /** Upload sessions not completed within this are expired (default 24 h). */
  readonly sessionTtlMs?: number;
  /** How often expired sessions are swept (default hourly; also once at start). */
  readonly sweepEveryMs?: number;
  /** Upload sessions one user may have open at once (default `MAX_OPEN_UPLOADS_PER_USER`); more get 429. */
  readonly maxOpenUploadsPerUser?: number;
}

/**
 * Mounts the photo API on the server, behind its bearer-token check. Attaching a photo to a visit is
 * authorised like a write to that visit (`RecordAccess.checkWritable`): another organisation's or an
 * out-of-scope district's visit gets no session and no upload URL. Upload sessions expire after
 * `sessionTtlMs` by the server clock; a sweep at start and on a timer releases what they hold.
 */
export function photoPlugin(store: BlobStore, options: PhotoPluginOptions = {}): ServerPlugin {
  let sweeper: SessionSweeper | undefined;
  return {
    name: 'photos',
    authenticated: async (app, ctx) => {
      const expiry = new UploadSessionExpiry(ctx.db, store, { ttlMs: options.sessionTtlMs, now: ctx.now });
      const service = new PhotoUploadService(ctx.db, store, {
        visitScope: (user, visitId) => ctx.access.checkWritable(user, 'schoolVisit', visitId),
        expiry,
        ...(options.maxOpenUploadsPerUser ? { maxOpenPerUser: options.maxOpenUploadsPerUser } : {}),
      });
      await app.register(photoRoutes, { service, userOf: ctx.userOf });
      openSessionsGauge(ctx);
      sweeper = startSessionSweeper(expiry, options.sweepEveryMs ?? DEFAULT_SWEEP_EVERY_MS, app.log);
    },
    openapi: photoOpenApi,
    close: async () => {
      // The database closes after the server: no sweep may still be using it.
      await sweeper?.stop();
      if (store instanceof S3BlobStore) store.destroy();
    },
  };
}

/**
 * The blob store the command line asks for: S3-compatible storage when `PHOTO_S3_BUCKET` is set
 * (with `PHOTO_S3_ENDPOINT`, `PHOTO_S3_REGION`, `PHOTO_S3_ACCESS_KEY_ID`, `PHOTO_S3_SECRET_ACCESS_KEY`),
 * else `<dataDir>/photos`.
 */
export function blobStoreFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): BlobStore {
  const bucket = env.PHOTO_S3_BUCKET;
  if (!bucket) return new FsBlobStore(join(dataDir, 'photos'));
  const accessKeyId = env.PHOTO_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.PHOTO_S3_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('PHOTO_S3_BUCKET is set: PHOTO_S3_ACCESS_KEY_ID and PHOTO_S3_SECRET_ACCESS_KEY are needed too');
  }
  return new S3BlobStore({
    bucket,
    endpoint: env.PHOTO_S3_ENDPOINT,
    region: env.PHOTO_S3_REGION,
    accessKeyId,
    secretAccessKey,
  });
}

/** `fieldsync_photo_upload_sessions_open`: counted when scraped (an index covers open sessions). */
function openSessionsGauge(ctx: ServerContext): void {
  new Gauge({
    name: 'fieldsync_photo_upload_sessions_open',
    help: 'Photo upload sessions started and not yet completed, aborted or expired',
    registers: [ctx.metrics.registry],
    async collect() {
      const [row] = await ctx.db
        .select({ open: count() })
        .from(photoUploadSessions)
        .where(eq(photoUploadSessions.status, 'open'));
      this.set(row?.open ?? 0);
    },
  });
}
