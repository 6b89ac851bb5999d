import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import Fastify from 'fastify';
import type { ServerDb } from '../../../src/server/db/server-database.js';
import type { BlobStore } from '../../../src/server/photos/blob-store.js';
import { FsBlobStore } from '../../../src/server/photos/fs-blob-store.js';
import { photoRoutes } from '../../../src/server/photos/photo-routes.js';
import { serverPhotoTables } from '../../../src/server/photos/photo-tables.js';
import { PhotoUploadService, type PhotoUser } from '../../../src/server/photos/photo-upload-service.js';
import { err, ok } from '../../../src/shared/errors.js';

/**
 * The photo routes alone on loopback, for client tests that need no sync server: PGlite with the photo
 * tables, tokens `org-a`/`org-b` for two organisations, and visits owned by one organisation each.
 */
export async function startPhotoTestServer(options: { store?: BlobStore } = {}) {
  const client = await PGlite.create();
  const db = drizzle({ client }) as unknown as ServerDb;
  const api = await import('drizzle-kit/api');
  const empty = await api.generateDrizzleJson({});
  const cur = await api.generateDrizzleJson(serverPhotoTables, empty.id);
  for (const statement of await api.generateMigration(empty, cur)) await client.exec(statement);

  const users: Record<string, PhotoUser> = {
    'org-a': { id: randomUUID(), organisationId: randomUUID(), districtIds: null },
    'org-b': { id: randomUUID(), organisationId: randomUUID(), districtIds: null },
  };
  const visits = new Map<string, string>();
  const visitOf = (token: keyof typeof users) => {
    const id = randomUUID();
    visits.set(id, users[token]?.organisationId ?? '');
    return id;
  };
  const store = options.store ?? new FsBlobStore(await mkdtemp(join(tmpdir(), 'fieldsync-photo-server-')));
  const service = new PhotoUploadService(db, store, {
    visitScope: async (user, visitId) => {
      const org = visits.get(visitId);
      if (!org) return err({ code: 'NOT_FOUND', message: 'School visit not found' });
      return org === user.organisationId ? ok(undefined) : err({ code: 'FORBIDDEN', message: 'Out of scope' });
    },
  });
  const app = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!users[token]) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: 'Sign in' } });
  });
  await app.register(photoRoutes, {
    service,
    userOf: (request) => users[request.headers.authorization?.replace(/^Bearer /, '') ?? ''] as PhotoUser,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    service,
    db,
    visitOf,
    close: async () => {
      await app.close();
      await client.close();
    },
  };
}
