import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { startPhotoServer } from '../photos/support/photo-server.js';
import { coreUnderTest } from './helpers/core-under-test.js';

setLogSink(() => undefined);

let server: Awaited<ReturnType<typeof startPhotoServer>>;
const card = mkdtempSync(join(tmpdir(), 'fieldsync-distance-card-'));
beforeAll(async () => {
  server = await startPhotoServer();
});
afterAll(async () => {
  await server?.server.close();
  rmSync(card, { recursive: true, force: true });
});

it('the officer’s "farthest a photo may be from its school" setting decides which photos the scan puts with a visit', {
  timeout: 60_000,
}, async () => {
  const app = await coreUnderTest();
  const { handlers } = app.core;
  const synced = app.next((e): e is Extract<AppEvent, { kind: 'sync:finished' }> => e.kind === 'sync:finished');
  expect((await handlers['session:signIn']({ serverUrl: server.url, username: 'demo', password: 'demo' })).ok).toBe(
    true,
  );
  await synced;
  const account = app.core.session.account();
  if (!account.ok) throw new Error('signed out');
  // A visit alone on its day, at a school with a position: the only candidate for a photo of that day.
  const visit = rawConnection(account.value.store)
    .sqlite.prepare(
      `SELECT v.id, v.visit_date AS day, s.latitude AS lat, s.longitude AS lon
         FROM school_visits v JOIN schools s ON s.id = v.school_id
        WHERE s.latitude IS NOT NULL AND s.longitude IS NOT NULL
          AND v.visit_date IN (SELECT visit_date FROM school_visits GROUP BY visit_date HAVING count(*) = 1)
        LIMIT 1`,
    )
    .get() as { id: string; day: string; lat: number; lon: number } | undefined;
  if (!visit) throw new Error('the seed has a visit alone on its day at a school with a position');
  // Taken that day 3 km north of the school.
  const photo = await makePhoto({
    seed: 7,
    takenAt: `${visit.day.replaceAll('-', ':')} 10:00:00`,
    gps: { lat: visit.lat + 3 / 111.32, lon: visit.lon },
  });
  await writeCard(card, { 'DCIM/100CANON/IMG_0001.JPG': photo });
  const suggested = async () => {
    const scanned = await handlers['photos:scan']({ path: card });
    if (!scanned.ok) throw new Error(scanned.error.message);
    await handlers['photos:discard']({ scanId: scanned.value.scanId });
    return scanned.value.candidates[0]?.suggestion.schoolVisitId ?? null;
  };

  expect(await handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { photoMaxDistanceKm: 2 } });
  expect(await suggested()).toBeNull();
  expect((await handlers['settings:set']({ photoMaxDistanceKm: 5 })).ok).toBe(true);
  expect(await suggested()).toBe(visit.id);
  expect((await handlers['settings:set']({ photoMaxDistanceKm: 1 })).ok).toBe(true);
  expect(await suggested()).toBeNull();
  // Out of bounds: refused, the setting unchanged.
  await expect(handlers['settings:set']({ photoMaxDistanceKm: 0 })).rejects.toThrow(/photoMaxDistanceKm|>=1/);
  expect(await handlers['settings:get'](undefined)).toMatchObject({ value: { photoMaxDistanceKm: 1 } });
  await app.core.close();
  rmSync(app.dir, { recursive: true, force: true });
});
