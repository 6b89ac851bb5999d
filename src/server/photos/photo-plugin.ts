import { join } from 'node:path';
import type { ServerPlugin } from '../server-context.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { photoOpenApi } from './photo-openapi.js';
import { photoRoutes } from './photo-routes.js';
import { PhotoUploadService } from './photo-upload-service.js';
import { S3BlobStore } from './s3-blob-store.js';

/**
 * Mounts the photo API on the server, behind its bearer-token check. Attaching a photo to a visit is
 * authorised like a write to that visit (`RecordAccess.checkWritable`): another organisation's or an
 * out-of-scope district's visit gets no session and no upload URL.
 */
export function photoPlugin(store: BlobStore): ServerPlugin {
  return {
    name: 'photos',
    authenticated: async (app, ctx) => {
      const service = new PhotoUploadService(ctx.db, store, {
        visitScope: (user, visitId) => ctx.access.checkWritable(user, 'schoolVisit', visitId),
      });
      await app.register(photoRoutes, { service, userOf: ctx.userOf });
    },
    openapi: photoOpenApi,
    close: () => (store instanceof S3BlobStore ? store.destroy() : undefined),
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
