import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoPaths } from '../../src/shared/protocol/photos.js';
import { testDatabases } from '../support/test-server.js';
import { photoCalls, type TestBlob, testBlob } from './support/photo-calls.js';
import { startPhotoServer } from './support/photo-server.js';

/**
 * The blob store is content-addressed and shared by every organisation; what one organisation
 * uploaded must stay unknown and unreadable to the others (the seeded `other` organisation here).
 */
describe.each(testDatabases)('photo blobs across organisations (%s)', (database) => {
  let ps: Awaited<ReturnType<typeof startPhotoServer>>;
  beforeAll(async () => {
    ps = await startPhotoServer({ database });
  });
  afterAll(() => ps.close());

  const { call, create, read, sendAndComplete, recordPhoto } = photoCalls(() => ps);
  const head = async (user: 'demo' | 'other' | 'district', b: TestBlob) =>
    (await call(user, 'HEAD', photoPaths.blob(b.sha256))).status;
  const uploadIdOf = (created: { body: unknown }) =>
    (created.body as { session: { uploadId: string } }).session.uploadId;
  /** The demo organisation's photo: uploaded, with its record, readable by demo. */
  const demoPhoto = async (size: number) => {
    const b = testBlob(size);
    const done = await sendAndComplete('demo', uploadIdOf(await create('demo', ps.visits.inDistrict, b)), b.bytes);
    expect(done.body).toMatchObject({ status: 'complete', sha256: b.sha256 });
    expect(await recordPhoto('demo', ps.visits.inDistrict, b)).toBe('applied');
    expect(await read('demo', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
    return b;
  };

  it("answers 404 to another organisation's HEAD and GET of a blob, even once it has a photo record naming the hash", async () => {
    const b = await demoPhoto(3000);
    expect(await head('other', b)).toBe(404);
    expect(await read('other', b.sha256)).toEqual({ status: 404, bytes: null });

    // Knowing the hash (say, from a leaked export) and writing a record of it gets nothing either.
    expect(await recordPhoto('other', ps.visits.otherOrg, b)).toBe('applied');
    expect(await head('other', b)).toBe(404);
    expect(await read('other', b.sha256)).toEqual({ status: 404, bytes: null });
    expect(await head('demo', b)).toBe(200);
  });

  it('has an organisation upload in full a photo another already stored, answered as if nobody had it', async () => {
    const b = await demoPhoto(4000);
    const fresh = testBlob(4000);
    // The same answer as for bytes no organisation has: an open session with nothing received.
    const forStored = await create('other', ps.visits.otherOrg, b);
    const forFresh = await create('other', ps.visits.otherOrg, fresh);
    const shape = (res: { status: number; body: unknown }) => {
      const { session } = res.body as { status: string; session: Record<string, unknown> };
      const { uploadId: _id, sha256: _sha, ...rest } = session;
      return { http: res.status, status: (res.body as { status: string }).status, ...rest };
    };
    expect(shape(forStored)).toEqual(shape(forFresh));
    expect(shape(forStored)).toMatchObject({ http: 201, status: 'open', parts: [], partCount: 1 });

    // Nothing is credited without the bytes: not an empty session, nor other bytes claiming the hash,
    // and a wrong upload leaves the shared copy whole.
    const uploadId = uploadIdOf(forStored);
    expect((await call('other', 'POST', photoPaths.complete(uploadId))).body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'Parts missing: 1' },
    });
    expect((await sendAndComplete('other', uploadId, fresh.bytes)).status).toBe(422);
    expect(await head('other', b)).toBe(404);
    expect(await read('demo', b.sha256)).toEqual({ status: 200, bytes: b.bytes });

    // With the bytes, it holds the photo as its own: found, and read through its own record.
    const again = uploadIdOf(await create('other', ps.visits.otherOrg, b));
    expect((await sendAndComplete('other', again, b.bytes)).body).toEqual({
      status: 'complete',
      sha256: b.sha256,
      size: 4000,
    });
    expect(await head('other', b)).toBe(200);
    expect((await create('other', ps.visits.otherOrg, b)).body).toEqual({ status: 'exists', sha256: b.sha256 });
    expect(await read('other', b.sha256)).toEqual({ status: 404, bytes: null });
    expect(await recordPhoto('other', ps.visits.otherOrg, b)).toBe('applied');
    expect(await read('other', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
    // The first organisation's photo is as it was.
    expect(await read('demo', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
  });

  it('a district user who knows another district’s hash learns nothing and reads nothing until it uploads the bytes', async () => {
    // Uploaded by the organisation's officer for a visit outside the district user's district.
    const b = testBlob(3500);
    const done = await sendAndComplete('demo', uploadIdOf(await create('demo', ps.visits.otherDistrict, b)), b.bytes);
    expect(done.status).toBe(200);
    expect(await recordPhoto('demo', ps.visits.otherDistrict, b)).toBe('applied');
    expect(await head('demo', b)).toBe(200);

    expect(await head('district', b)).toBe(404);
    // A record of the hash on a visit of its own district grants nothing.
    expect(await recordPhoto('district', ps.visits.inDistrict, b)).toBe('applied');
    expect(await read('district', b.sha256)).toEqual({ status: 404, bytes: null });
    // Proof of possession: the bytes themselves. A session opens as for a new photo; once sent, it holds it.
    const created = await create('district', ps.visits.inDistrict, b);
    expect(created.body).toMatchObject({ status: 'open', session: { parts: [] } });
    expect((await sendAndComplete('district', uploadIdOf(created), b.bytes)).status).toBe(200);
    expect(await head('district', b)).toBe(200);
    expect(await read('district', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
  });

  it('serves photos with nosniff, so a browser never runs bytes dressed as a photo', async () => {
    const b = await demoPhoto(1500);
    const res = await fetch(`${ps.url}${photoPaths.blob(b.sha256)}`, {
      headers: { authorization: `Bearer ${ps.token('demo')}` },
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
  });

  it('skips the upload of a photo the same organisation already stored, whichever of its users asks', async () => {
    // Stored for a visit of the district user's district: the district holds it too.
    const b = await demoPhoto(2000);
    expect((await create('district', ps.visits.inDistrict, b)).body).toEqual({ status: 'exists', sha256: b.sha256 });
    expect((await create('demo', ps.visits.otherDistrict, b)).body).toEqual({ status: 'exists', sha256: b.sha256 });
  });
});

describe('open upload sessions per user', () => {
  let ps: Awaited<ReturnType<typeof startPhotoServer>>;
  beforeAll(async () => {
    ps = await startPhotoServer({ plugin: { maxOpenUploadsPerUser: 3 } });
  });
  afterAll(() => ps.close());
  const { create, sendAndComplete } = photoCalls(() => ps);

  it('are capped: one more is 429 with a clear message, and finishing one makes room', async () => {
    const blobs = [1, 2, 3, 4].map(() => testBlob(1000));
    const opened = [];
    for (const b of blobs.slice(0, 3)) opened.push(await create('demo', ps.visits.inDistrict, b));
    for (const o of opened) expect(o.status).toBe(201);
    const refused = await create('demo', ps.visits.inDistrict, blobs[3] as TestBlob);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { message: expect.stringMatching(/3 photo uploads in progress/) } });
    // Another user is not held back by this one's sessions.
    expect((await create('district', ps.visits.inDistrict, blobs[3] as TestBlob)).status).toBe(201);
    const first = opened[0]?.body as { session: { uploadId: string } };
    expect((await sendAndComplete('demo', first.session.uploadId, (blobs[0] as TestBlob).bytes)).status).toBe(200);
    expect((await create('demo', ps.visits.inDistrict, blobs[3] as TestBlob)).status).toBe(201);
  });
});
