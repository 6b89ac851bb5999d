/**
 * The import screen's scan, as main keeps it (issue 16): its photos travel in pages and their
 * previews on demand, never the whole card in one message; the officer's review (visits chosen,
 * photos ticked) lives in main, so the screen left and opened again resumes it; "Discard scan" and a
 * data-folder move refused because of an open scan drop it.
 */
import { describe, expect, it } from 'vitest';
import { photoImportOpen } from '../../src/main/app/data-folder/data-folder.js';
import { setLogSink } from '../../src/main/log.js';
import { err, ok } from '../../src/shared/errors.js';
import { SCAN_PAGE_SIZE } from '../../src/shared/ipc/schemas/photos.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { coreSuite } from './helpers/core-suite.js';
import { scratchFolders, signedInWithData } from './helpers/moving-data.js';

setLogSink(() => undefined);

const suite = coreSuite();
const tempDir = scratchFolders();
const COUNT = SCAN_PAGE_SIZE + 7;

async function cardOf(count: number): Promise<string> {
  const card = tempDir('fieldsync-card-');
  const photos: Record<string, Buffer> = {};
  for (let i = 1; i <= count; i++) photos[`DCIM/100CANON/IMG_${i}.JPG`] = await makePhoto({ seed: 500 + i, edge: 24 });
  await writeCard(card, photos);
  return card;
}

describe('a scan under review', () => {
  it('comes in pages without previews, previews on demand; the review is kept in main and resumed', async () => {
    const { app } = await signedInWithData(suite, () => null);
    const h = app.core.handlers;
    const visits = await h['graph:visits']({ offset: 0, limit: 2 });
    if (!visits.ok) throw new Error(visits.error.message);
    const [first, second] = (visits.value as { items: { id: string }[] }).items.map((v) => v.id);
    if (!first || !second) throw new Error('two visits expected');

    const scanned = await h['photos:scan']({ path: await cardOf(COUNT) });
    if (!scanned.ok) throw new Error(scanned.error.message);
    const scan = scanned.value;
    expect(scan.candidateCount).toBe(COUNT);
    expect(scan.candidates).toHaveLength(SCAN_PAGE_SIZE);
    // No data URL rides with the scan: a preview is a few kB, the whole first page stays under 1 kB a photo.
    const firstMessage = JSON.stringify(scanned);
    expect(firstMessage).not.toContain('data:image');
    expect(firstMessage.length).toBeLessThan(SCAN_PAGE_SIZE * 1000);

    const rest = await h['photos:scanPage']({ scanId: scan.scanId, offset: SCAN_PAGE_SIZE, limit: SCAN_PAGE_SIZE });
    if (!rest.ok) throw new Error(rest.error.message);
    expect(rest.value.candidateCount).toBe(COUNT);
    const all = [...scan.candidates, ...rest.value.candidates];
    expect(new Set(all.map((c) => c.sha256)).size).toBe(COUNT);

    const some = all.slice(0, 3).map((c) => c.sha256);
    const previews = await h['photos:thumbnails']({ scanId: scan.scanId, sha256s: some });
    if (!previews.ok) throw new Error(previews.error.message);
    expect(previews.value.items.map((i) => i.sha256)).toEqual(some);
    for (const item of previews.value.items) expect(item.thumbnail).toMatch(/^data:image\/jpeg;base64,/);

    // The review: two photos to the second visit, one left out, three ticked; then the screen goes.
    const [a, b, c, d, e, f] = all.map((p) => p.sha256);
    if (!a || !b || !c || !d || !e || !f) throw new Error('photos expected');
    const review = (sha256s: string[], change: Parameters<(typeof h)['photos:review']>[0]['change']) =>
      h['photos:review']({ scanId: scan.scanId, sha256s, change });
    for (const sha of [a, b, c]) await review([sha], { kind: 'assign', schoolVisitId: first });
    expect(await review([a, b], { kind: 'assign', schoolVisitId: second })).toEqual(ok(null));
    expect(await review([c], { kind: 'assign', schoolVisitId: null })).toEqual(ok(null));
    expect(await review([d, e, f], { kind: 'select' })).toEqual(ok(null));
    expect(await review(['f'.repeat(64)], { kind: 'select' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });

    const resumed = await h['photos:openScan'](undefined);
    if (!resumed.ok || !resumed.value) throw new Error('the scan should be open');
    expect(resumed.value.scanId).toBe(scan.scanId);
    const byId = new Map(resumed.value.candidates.map((p) => [p.sha256, p]));
    expect([a, b, c].map((sha) => byId.get(sha)?.assigned)).toEqual([second, second, null]);
    expect(resumed.value.candidates.filter((p) => p.selected).map((p) => p.sha256)).toEqual([d, e, f]);

    // The import follows the review kept in main: the photo given no visit waits in the photo inbox.
    await review(
      all.slice(3).map((p) => p.sha256),
      { kind: 'assign', schoolVisitId: first },
    );
    const report = await h['photos:commit']({ scanId: scan.scanId, assignments: [] });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value).toMatchObject({ imported: COUNT - 1, inbox: 1 });
    const inbox = await h['photos:inbox']({ offset: 0, limit: 10 });
    if (!inbox.ok) throw new Error(inbox.error.message);
    expect(inbox.value.count).toBe(1);
    expect(inbox.value.items.map((p) => p.sha256)).toEqual([c]);
    expect(inbox.value.visits.map((v) => v.id)).toEqual(expect.arrayContaining([first, second]));
    // Given a visit later, it is that visit's photo, queued for upload like the others.
    expect(await h['photos:inboxAssign']({ sha256s: [c], schoolVisitId: second })).toEqual(ok({ changed: 1 }));
    const ofSecond = await h['photos:forVisit']({ id: second });
    if (!ofSecond.ok) throw new Error(ofSecond.error.message);
    expect(ofSecond.value.items.map((p) => p.sha256).sort()).toEqual([a, b, c].sort());
    expect(await h['photos:inbox']({ offset: 0, limit: 10 })).toMatchObject(ok({ count: 0, items: [] }));

    expect(await h['photos:openScan'](undefined)).toEqual(ok(null));
    expect(await h['photos:scanPage']({ scanId: scan.scanId, offset: 0, limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('is dropped by "discard all", which lets a data-folder move go that it held back', async () => {
    const target = `${tempDir('fieldsync-move-')}/Fieldsync data`;
    const { app } = await signedInWithData(suite, () => target);
    const h = app.core.handlers;
    expect((await h['photos:scan']({ path: await cardOf(2) })).ok).toBe(true);
    const move = () => h['settings:chooseDataFolder'](undefined);
    expect(await move()).toEqual(err(photoImportOpen()));
    expect(await h['photos:discardAll'](undefined)).toEqual(ok(null));
    expect(await h['photos:openScan'](undefined)).toEqual(ok(null));
    expect(await move()).toMatchObject({ ok: true, value: { moved: { to: target } } });
  });
});
