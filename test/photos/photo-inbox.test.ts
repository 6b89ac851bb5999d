import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhotoImporter } from '../../src/main/photos/photo-importer.js';
import { PhotoInbox } from '../../src/main/photos/photo-inbox.js';
import { rawConnection } from '../../src/main/store/local-store.js';
import { photoLibrary, photoUploads } from '../../src/main/store/schema/photo-tables.js';
import { nth } from '../support/nth.js';
import { makePhoto, writeCard } from './support/make-card.js';
import { photoTestStore, seedVisit } from './support/photo-test-db.js';

const nairobi = { lat: -1.2921, lon: 36.8219 };

/**
 * The photo inbox: a photo imported without a visit is kept in the library (the card can go) with no
 * record and no upload, until the officer gives it a visit or deletes it.
 */
describe('the photo inbox', () => {
  let ctx: Awaited<ReturnType<typeof photoTestStore>>;
  let card: string;
  let importer: PhotoImporter;
  let inbox: PhotoInbox;
  let visitId: string;
  let now: number;

  beforeEach(async () => {
    ctx = await photoTestStore();
    card = await mkdtemp(join(tmpdir(), 'fieldsync-card-'));
    visitId = seedVisit(ctx.store, { visitDate: '2024-03-05', schoolName: 'Kibera Primary', ...nairobi });
    now = Date.parse('2024-03-06T08:00:00Z');
    importer = new PhotoImporter({ store: ctx.store, library: ctx.library, now: () => now });
    inbox = new PhotoInbox({ store: ctx.store, library: ctx.library, now: () => now });
    // At Kibera Primary on its visit's day (suggested), with no EXIF (no suggestion), far from every school.
    await writeCard(card, {
      'DCIM/100/AT_SCHOOL.JPG': await makePhoto({ seed: 1, takenAt: '2024:03:05 09:00:00', gps: nairobi }),
      'DCIM/100/NO_EXIF.JPG': await makePhoto({ seed: 2 }),
      'DCIM/100/FAR.JPG': await makePhoto({ seed: 3, takenAt: '2024:03:05 10:00:00', gps: { lat: 0, lon: 0 } }),
    });
  });
  afterEach(() => ctx.store.close());

  const rows = () => rawConnection(ctx.store).db.select().from(photoLibrary).all();
  const uploads = () => rawConnection(ctx.store).db.select().from(photoUploads).all();
  const photoRecords = () =>
    (rawConnection(ctx.store).sqlite.prepare('select id from photos').pluck().all() as string[]).flatMap((id) => {
      const record = ctx.store.getRecord('photo', id);
      return record ? [record] : [];
    });

  async function importCard() {
    const scan = await importer.scan(card);
    const commit = await importer.commit(scan);
    return { scan, commit, report: importer.report(scan, commit) };
  }

  it('keeps photos without a visit in the library, with no record and no upload, and lists them', async () => {
    const { scan, commit, report } = await importCard();
    expect(report).toMatchObject({ imported: 1, inbox: 2, skipped: [] });
    expect(commit.inbox.map((p) => p.relativePath).sort()).toEqual(['DCIM/100/FAR.JPG', 'DCIM/100/NO_EXIF.JPG']);
    // Every photo left the card: their bytes count as imported.
    expect(report.bytesImported).toBe(scan.candidates.reduce((n, c) => n + c.size, 0));
    expect(rows()).toHaveLength(3);
    expect(uploads()).toHaveLength(1);
    expect(photoRecords()).toHaveLength(1);
    for (const { sha256 } of commit.inbox) {
      expect(existsSync(ctx.library.blob(sha256))).toBe(true);
      expect(existsSync(ctx.library.thumbnail(sha256))).toBe(true);
    }

    const page = inbox.page(0, 50);
    expect(page.count).toBe(2);
    // Oldest capture first; the photo without a date last (SQLite sorts NULL first, so check by name).
    expect(page.items.map((p) => p.originalName).sort()).toEqual(['FAR.JPG', 'NO_EXIF.JPG']);
    expect(page.items.find((p) => p.originalName === 'FAR.JPG')).toMatchObject({
      mimeType: 'image/jpeg',
      hasThumbnail: true,
      latitude: expect.closeTo(0, 3),
    });
    // The visit of the photos' day is offered.
    expect(page.visits.map((v) => v.id)).toContain(visitId);
    expect(inbox.page(1, 1).items).toHaveLength(1);

    const sha = nth(commit.inbox, 0).sha256;
    const [thumb] = await inbox.thumbnails([sha]);
    expect(thumb?.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    // Not an inbox photo (it went to its visit): no preview through the inbox.
    const [other] = await inbox.thumbnails([nth(commit.imported, 0).sha256]);
    expect(other?.thumbnail).toBeNull();
  });

  it('is kept by the library sweep, and scanning the card again finds its photos already here', async () => {
    const { commit } = await importCard();
    now += 10 * 24 * 3600_000;
    const swept = await importer.sweepLibrary();
    expect(swept.removed).toEqual([]);
    for (const { sha256 } of commit.inbox) expect(existsSync(ctx.library.blob(sha256))).toBe(true);
    const again = await importer.scan(card);
    expect(again.candidates).toHaveLength(0);
    expect(again.duplicates.map((d) => d.of)).toEqual(['library', 'library', 'library']);
    await importer.discard(again);
  });

  it('gives photos a visit: each gets its record and its upload, and leaves the inbox', async () => {
    const { commit } = await importCard();
    const shas = commit.inbox.map((p) => p.sha256);
    const assigned = inbox.assign(shas, visitId);
    expect(assigned).toEqual({ ok: true, value: 2 });
    expect(inbox.page(0, 50).count).toBe(0);
    expect(
      uploads()
        .map((u) => [u.sha256, u.state, u.schoolVisitId])
        .sort(),
    ).toEqual([...shas, nth(commit.imported, 0).sha256].sort().map((sha) => [sha, 'queued', visitId]));
    const records = photoRecords();
    expect(records).toHaveLength(3);
    const far = records.find((r) => r.fields.originalName === 'FAR.JPG');
    expect(far?.fields).toMatchObject({ schoolVisitId: visitId, mimeType: 'image/jpeg' });
    expect(far?.localState).toBe('pending');
    // Each library row now names its record.
    for (const row of rows()) expect(records.map((r) => r.id)).toContain(row.photoId);
    // Asked again (a second click, a stale page): nothing more happens.
    expect(inbox.assign(shas, visitId)).toEqual({ ok: true, value: 0 });
    expect(photoRecords()).toHaveLength(3);
  });

  it('refuses a visit that is not here for all the photos at once: they all stay in the inbox', async () => {
    const { commit } = await importCard();
    const shas = commit.inbox.map((p) => p.sha256);
    const refused = inbox.assign(shas, '00000000-0000-4000-8000-000000000000');
    expect(refused.ok).toBe(false);
    expect(inbox.page(0, 50).count).toBe(2);
    expect(photoRecords()).toHaveLength(1);
    expect(uploads()).toHaveLength(1);
  });

  it('deletes photos from this PC: their rows and their files, and only inbox photos', async () => {
    const { commit } = await importCard();
    const [first, second] = commit.inbox;
    if (!first || !second) throw new Error('two inbox photos expected');
    const imported = nth(commit.imported, 0).sha256;
    expect(await inbox.remove([first.sha256, imported])).toEqual({ ok: true, value: 1 });
    expect(existsSync(ctx.library.blob(first.sha256))).toBe(false);
    expect(existsSync(ctx.library.thumbnail(first.sha256))).toBe(false);
    // The photo with a visit is untouched.
    expect(existsSync(ctx.library.blob(imported))).toBe(true);
    expect(
      rows()
        .map((r) => r.sha256)
        .sort(),
    ).toEqual([second.sha256, imported].sort());
    expect(inbox.page(0, 50).items.map((p) => p.sha256)).toEqual([second.sha256]);
  });
});
