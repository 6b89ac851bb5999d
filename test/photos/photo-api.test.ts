import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECT_UPLOAD_MAX_BYTES, MIN_PART_SIZE, photoPaths } from '../../src/shared/protocol/photos.js';
import type { DemoUser } from '../support/test-server.js';
import { testBlob as blob, photoCalls } from './support/photo-calls.js';
import { startPhotoServer } from './support/photo-server.js';

const MB = 1024 * 1024;

describe('the photo API on the sync server', () => {
  let ps: Awaited<ReturnType<typeof startPhotoServer>>;
  beforeAll(async () => {
    ps = await startPhotoServer();
  });
  afterAll(() => ps.close());

  const { call, put, create, read, sendAndComplete, recordPhoto, direct } = photoCalls(() => ps);

  it('refuses anonymous calls', async () => {
    expect((await call(null, 'HEAD', photoPaths.blob('a'.repeat(64)))).status).toBe(401);
    expect((await call(null, 'POST', photoPaths.uploads, {})).status).toBe(401);
  });

  it('gives upload sessions only for visits the user may edit (tenant and district scope)', async () => {
    const b = blob(1000);
    const cases: [DemoUser, keyof typeof ps.visits, number][] = [
      ['demo', 'inDistrict', 201],
      ['demo', 'otherDistrict', 201],
      ['demo', 'otherOrg', 404],
      ['district', 'inDistrict', 201],
      ['district', 'otherDistrict', 404],
      ['district', 'otherOrg', 404],
      ['other', 'inDistrict', 404],
      ['other', 'otherOrg', 201],
    ];
    for (const [user, visit, status] of cases) {
      const res = await create(user, ps.visits[visit], b);
      expect([user, visit, res.status]).toEqual([user, visit, status]);
      if (status !== 201) expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND', field: 'schoolVisitId' } });
    }
  });

  it('keeps a session to the user who started it: nobody else reads, extends, fills or completes it', async () => {
    const b = blob(2000);
    const created = await create('demo', ps.visits.inDistrict, b);
    const uploadId = (created.body as { session: { uploadId: string } }).session.uploadId;
    for (const user of ['other', 'district'] as const) {
      expect((await call(user, 'GET', photoPaths.upload(uploadId))).status).toBe(404);
      expect((await call(user, 'POST', photoPaths.partUrls(uploadId), { partNumbers: [1] })).status).toBe(404);
      expect((await put(user, photoPaths.part(uploadId, 1), b.bytes)).status).toBe(404);
      expect((await call(user, 'POST', photoPaths.part(uploadId, 1), { etag: '"x"', size: 2000 })).status).toBe(404);
      expect((await call(user, 'POST', photoPaths.complete(uploadId))).status).toBe(404);
    }
  });

  it('runs a multipart upload: part URLs, PUT, resume list, SHA-256 check; then HEAD says it is there for that organisation only', async () => {
    const b = blob(MIN_PART_SIZE + 3 * MB);
    const created = await create('demo', ps.visits.inDistrict, b);
    expect(created.body).toMatchObject({
      status: 'open',
      session: { partSize: MIN_PART_SIZE, partCount: 2, parts: [], ackRequired: false },
    });
    const uploadId = (created.body as { session: { uploadId: string } }).session.uploadId;
    const urls = await call('demo', 'POST', photoPaths.partUrls(uploadId), { partNumbers: [1, 2] });
    expect(urls.body).toMatchObject({
      urls: [
        { partNumber: 1, bearer: true },
        { partNumber: 2, bearer: true },
      ],
    });
    expect((await call('demo', 'POST', photoPaths.complete(uploadId))).body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/missing: 1, 2/) },
    });
    expect((await put('demo', photoPaths.part(uploadId, 1), b.bytes.subarray(0, 10))).status).toBe(422);
    const first = await put('demo', photoPaths.part(uploadId, 1), b.bytes.subarray(0, MIN_PART_SIZE));
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await call('demo', 'GET', photoPaths.upload(uploadId))).body).toMatchObject({
      parts: [{ partNumber: 1, size: MIN_PART_SIZE }],
    });
    expect((await put('demo', photoPaths.part(uploadId, 2), b.bytes.subarray(MIN_PART_SIZE))).status).toBe(200);
    expect((await call('demo', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(404);
    expect((await call('demo', 'POST', photoPaths.complete(uploadId))).body).toEqual({
      status: 'complete',
      sha256: b.sha256,
      size: b.bytes.length,
    });
    expect((await call('demo', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(200);
    expect((await call('district', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(200);
    expect((await call('other', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(404);
    // A second session for the same blob: nothing to upload.
    expect((await create('demo', ps.visits.inDistrict, b)).body).toEqual({ status: 'exists', sha256: b.sha256 });
  });

  it('refuses and discards bytes that are not the announced photo', async () => {
    const b = blob(5000);
    const wrong = blob(5000);
    const created = await create('demo', ps.visits.inDistrict, b);
    const uploadId = (created.body as { session: { uploadId: string } }).session.uploadId;
    await put('demo', photoPaths.part(uploadId, 1), wrong.bytes);
    const done = await call('demo', 'POST', photoPaths.complete(uploadId));
    expect(done.status).toBe(422);
    expect(done.body).toMatchObject({ error: { code: 'VALIDATION', field: 'sha256' } });
    expect((await call('demo', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(404);
    expect((await call('demo', 'HEAD', photoPaths.blob(wrong.sha256))).status).toBe(404);
    expect((await call('demo', 'GET', photoPaths.upload(uploadId))).status).toBe(200);
    expect((await call('demo', 'POST', photoPaths.partUrls(uploadId), { partNumbers: [1] })).status).toBe(404);
  });

  it('keeps only bytes of the declared image type: a PNG announced as JPEG, or text, is refused and discarded', async () => {
    const startingWith = (head: Buffer) => {
      const bytes = Buffer.concat([head, blob(4000).bytes]);
      return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    };
    const png = startingWith(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const text = startingWith(Buffer.from('<html><script>alert(1)</script>'));
    for (const [b, said] of [
      [png, /a image\/png image, not the image\/jpeg announced/],
      [text, /not a JPEG, PNG or HEIC image, not the image\/jpeg announced/],
    ] as const) {
      const uploadId = ((await create('demo', ps.visits.inDistrict, b)).body as { session: { uploadId: string } })
        .session.uploadId;
      const done = await sendAndComplete('demo', uploadId, b.bytes);
      expect(done.status).toBe(422);
      expect(done.body).toMatchObject({
        error: { code: 'VALIDATION', field: 'mimeType', message: expect.stringMatching(said) },
      });
      expect((await call('demo', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(404);
      // The session is over: the client starts again with the right type.
      expect((await call('demo', 'POST', photoPaths.partUrls(uploadId), { partNumbers: [1] })).status).toBe(404);
    }
    // The same PNG declared as what it is goes up.
    const uploadId = (
      (await create('demo', ps.visits.inDistrict, png, 'image/png')).body as { session: { uploadId: string } }
    ).session.uploadId;
    expect((await sendAndComplete('demo', uploadId, png.bytes)).status).toBe(200);
    expect((await call('demo', 'HEAD', photoPaths.blob(png.sha256))).status).toBe(200);
  });

  it('takes no part acknowledgement where the server stores the parts itself: a part counts only once its bytes arrived', async () => {
    const b = blob(3000);
    const uploadId = ((await create('demo', ps.visits.inDistrict, b)).body as { session: { uploadId: string } }).session
      .uploadId;
    const acked = await call('demo', 'POST', photoPaths.part(uploadId, 1), { etag: '"x"', size: 3000 });
    expect(acked.status).toBe(400);
    expect(acked.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/PUT/) } });
    expect((await call('demo', 'GET', photoPaths.upload(uploadId))).body).toMatchObject({
      parts: [],
      ackRequired: false,
    });
    expect((await call('demo', 'POST', photoPaths.complete(uploadId))).body).toMatchObject({
      error: { message: expect.stringMatching(/missing: 1/) },
    });
  });

  it('takes a small photo in one request: verified like a session, held for the districts it went up for, and idempotent', async () => {
    const b = blob(40_000);
    const held = await call('district', 'POST', photoPaths.held, {
      sha256s: [b.sha256],
      visits: [ps.visits.inDistrict, ps.visits.otherDistrict, ps.visits.otherOrg],
    });
    // The visits it may not upload for are named, so their photos are never sent in one request.
    expect(held.body).toEqual({
      held: [],
      direct: { maxBytes: DIRECT_UPLOAD_MAX_BYTES },
      visitsRefused: [ps.visits.otherDistrict, ps.visits.otherOrg],
    });
    // Out of the user's districts: refused before anything is kept.
    expect(await direct('district', ps.visits.otherDistrict, b)).toMatchObject({
      status: 404,
      body: { error: { field: 'visit' } },
    });
    // The bytes must be the announced photo: hash, size and type.
    const damaged = Buffer.from(b.bytes);
    damaged[20_000] = (damaged[20_000] ?? 0) ^ 0xff;
    expect(await direct('district', ps.visits.inDistrict, b, 'image/jpeg', damaged)).toMatchObject({
      status: 422,
      body: { error: { code: 'VALIDATION', field: 'sha256' } },
    });
    expect(await direct('district', ps.visits.inDistrict, b, 'image/png')).toMatchObject({
      status: 422,
      body: { error: { code: 'VALIDATION', field: 'mimeType' } },
    });
    const html = await direct('district', ps.visits.inDistrict, b, 'text/html');
    expect(html).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect((await call('district', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(404);
    expect(await direct('district', ps.visits.inDistrict, b)).toEqual({
      status: 201,
      body: { status: 'complete', sha256: b.sha256, size: b.bytes.length },
    });
    // Held where it went up, as after a session; sending it again is answered at once.
    expect((await call('district', 'POST', photoPaths.held, { sha256s: [b.sha256, blob(10).sha256] })).body).toEqual({
      held: [b.sha256],
      direct: { maxBytes: DIRECT_UPLOAD_MAX_BYTES },
      visitsRefused: [],
    });
    expect((await call('demo', 'HEAD', photoPaths.blob(b.sha256))).status).toBe(200);
    expect((await call('other', 'POST', photoPaths.held, { sha256s: [b.sha256] })).body).toMatchObject({ held: [] });
    expect((await direct('district', ps.visits.inDistrict, b)).status).toBe(201);
    expect(await recordPhoto('district', ps.visits.inDistrict, b)).toBe('applied');
    expect(await read('district', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
  });

  it('sends a photo bigger than one part to an upload session instead (413), and refuses a bad batch question', async () => {
    const big = blob(DIRECT_UPLOAD_MAX_BYTES + 1);
    expect(await direct('demo', ps.visits.inDistrict, big)).toMatchObject({
      status: 413,
      body: { error: { field: 'size', message: expect.stringMatching(/upload session/) } },
    });
    expect((await call('demo', 'HEAD', photoPaths.blob(big.sha256))).status).toBe(404);
    const bad = await call('demo', 'POST', photoPaths.held, { sha256s: ['nope'] });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'sha256s.0' } } });
    expect((await call('demo', 'POST', photoPaths.held, { sha256s: [] })).status).toBe(400);
  });

  it('serves a blob only to users who can see a photo record of it', async () => {
    const b = blob(3000);
    const uploadId = ((await create('demo', ps.visits.otherDistrict, b)).body as { session: { uploadId: string } })
      .session.uploadId;
    await sendAndComplete('demo', uploadId, b.bytes);
    expect((await call('demo', 'GET', photoPaths.blob(b.sha256))).status).toBe(404);
    expect(await recordPhoto('demo', ps.visits.otherDistrict, b)).toBe('applied');
    expect(await read('demo', b.sha256)).toEqual({ status: 200, bytes: b.bytes });
    expect((await call('district', 'GET', photoPaths.blob(b.sha256))).status).toBe(404);
    expect((await call('other', 'GET', photoPaths.blob(b.sha256))).status).toBe(404);
  });

  it('answers bad input with 4xx naming the problem', async () => {
    expect((await call('demo', 'HEAD', photoPaths.blob('not-a-hash'))).status).toBe(400);
    const bad = await call('demo', 'POST', photoPaths.uploads, {
      sha256: 'x',
      size: -1,
      mimeType: 'image/gif',
      schoolVisitId: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'sha256' } });
    const huge = await create('demo', ps.visits.inDistrict, { bytes: Buffer.alloc(1), sha256: 'a'.repeat(64) });
    expect(huge.status).toBe(201);
    expect((await call('demo', 'POST', photoPaths.partUrls(randomUUID()), { partNumbers: [1] })).status).toBe(404);
    expect((await call('demo', 'GET', '/api/openapi.json')).body).toMatchObject({
      paths: { '/api/photos/uploads': {} },
    });
  });
});
