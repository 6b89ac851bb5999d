import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PhotoApi, type PhotoApiOptions } from '../../../src/main/photos/upload/photo-api.js';
import { ServerConnection } from '../../../src/main/sync/server-connection.js';
import { queryRows } from '../../../src/server/db/server-database.js';
import type { BlobStore } from '../../../src/server/photos/blob-store.js';
import { FsBlobStore } from '../../../src/server/photos/fs-blob-store.js';
import { type PhotoPluginOptions, photoPlugin } from '../../../src/server/photos/photo-plugin.js';
import { type DemoUser, startTestServer, type TestDatabase } from '../../support/test-server.js';

/**
 * The real sync server (tiny demo seed) with the photo plugin, signed-in tokens for the demo users,
 * and one visit of each kind the scope rules care about.
 */
export async function startPhotoServer(
  options: { store?: BlobStore; database?: TestDatabase; now?: () => Date; plugin?: PhotoPluginOptions } = {},
) {
  const store = options.store ?? new FsBlobStore(await mkdtemp(join(tmpdir(), 'fieldsync-photo-blobs-')));
  const server = await startTestServer({
    seed: 'tiny',
    database: options.database,
    ...(options.now ? { now: options.now } : {}),
    plugins: [photoPlugin(store, options.plugin)],
  });
  const sessions = {
    demo: await server.login('demo'),
    district: await server.login('district'),
    other: await server.login('other'),
  };
  const districtId = sessions.district.user.districtIds?.[0];
  const visits = await queryRows<{ id: string; org: string; district: string | null }>(
    server.db,
    sql`SELECT id, organisation_scope AS org, district_scope AS district FROM school_visits WHERE NOT deleted ORDER BY id`,
  );
  const find = (test: (v: { org: string; district: string | null }) => boolean) => {
    const visit = visits.find(test);
    if (!visit) throw new Error('the tiny seed lacks a visit the photo tests need');
    return visit.id;
  };
  const demoOrg = sessions.demo.user.organisationId;
  return {
    url: server.url,
    server,
    store,
    token: (user: DemoUser) => sessions[user].token,
    /** The photo API as the app calls it, signed in as `user`, on its own connection (to `baseUrl`: a proxy, say). */
    api: (user: DemoUser, baseUrl = server.url, options: PhotoApiOptions = {}) =>
      new PhotoApi(new ServerConnection({ baseUrl, token: sessions[user].token }), options),
    visits: {
      /** In the demo organisation and in the district user's district. */
      inDistrict: find((v) => v.org === demoOrg && v.district === districtId),
      /** In the demo organisation, outside the district user's district. */
      otherDistrict: find((v) => v.org === demoOrg && v.district !== districtId),
      /** In the other organisation. */
      otherOrg: find((v) => v.org === sessions.other.user.organisationId),
    },
    close: () => server.close(),
  };
}
