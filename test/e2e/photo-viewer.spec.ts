import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/server-database.js';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { AppPage } from './pages/app-page.js';
import { VisitPage } from './pages/visit-page.js';
import { expect, test } from './support/fixtures.js';

test.describe('the photo viewer', () => {
  test('opens a visit photo full size and upright, goes next and previous, says when and where, and closes', async ({
    page,
    harness,
  }) => {
    const [visit] = await queryRows<{ id: string; day: string; lat: number; lon: number }>(
      harness.server.db,
      sql`SELECT v.id, v.visit_date::text AS day, s.latitude AS lat, s.longitude AS lon
          FROM school_visits v JOIN schools s ON s.id = v.school_id
          WHERE s.latitude IS NOT NULL
            AND (SELECT count(*) FROM school_visits o WHERE o.visit_date = v.visit_date) = 1
          ORDER BY v.visit_date DESC, v.id LIMIT 1`,
    );
    if (!visit) throw new Error('the tiny seed needs a visit with a school position');
    const takenAt = `${visit.day.replaceAll('-', ':')} 09:30:00`;
    // About 2.2 km north-east of the school.
    const gps = { lat: visit.lat + 0.014, lon: visit.lon + 0.014 };
    const card = mkdtempSync(join(tmpdir(), 'fieldsync-e2e-viewer-'));
    await writeCard(card, {
      // Landscape as stored and shown.
      'DCIM/100CANON/IMG_0001.JPG': await makePhoto({ seed: 1, takenAt, gps, size: { width: 96, height: 64 } }),
      // Stored landscape, but the camera was turned: EXIF orientation 6, so it must show portrait.
      'DCIM/100CANON/IMG_0002.JPG': await makePhoto({
        seed: 2,
        takenAt,
        gps,
        size: { width: 96, height: 48 },
        orientation: 6,
      }),
      // Larger than the window: fitted at first, its real size at 100 %.
      'DCIM/100CANON/IMG_0003.JPG': await makePhoto({ seed: 3, takenAt, size: { width: 1800, height: 1200 } }),
    });
    const scan = await harness.core.handlers['photos:scan']({ path: card });
    if (!scan.ok) throw new Error(scan.error.message);
    const commit = await harness.core.handlers['photos:commit']({
      scanId: scan.value.scanId,
      assignments: scan.value.candidates.map((c) => ({ sha256: c.sha256, schoolVisitId: visit.id })),
    });
    expect(commit.ok && commit.value.imported).toBe(3);

    const app = new AppPage(page);
    const screen = new VisitPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.open(harness.pageUrl(`#/visit/${visit.id}`));
    await screen.waitLoaded(visit.id);
    await screen.tab(/Photos/).click();
    await expect(page.getByTestId('visit-photo')).toHaveCount(3);

    const viewer = page.getByTestId('photo-viewer');
    const image = viewer.getByTestId('photo-viewer-image');
    const natural = () =>
      image.evaluate((element) => {
        const img = element as unknown as { naturalWidth: number; naturalHeight: number; src: string };
        const box = element.getBoundingClientRect();
        return {
          width: img.naturalWidth,
          height: img.naturalHeight,
          shownWidth: box.width,
          shownHeight: box.height,
          src: img.src.slice(0, 30),
        };
      });

    await page.getByTestId('visit-photo-open').first().click();
    await expect(viewer).toHaveAttribute('data-index', '0');
    await expect(viewer.getByRole('heading')).toHaveText('IMG_0001.JPG');
    await expect(viewer.getByTestId('photo-viewer-position')).toHaveText('1 of 3');
    await expect(image).toBeVisible();
    const first = await natural();
    // The image reaches the page through the typed API as data, never as a path on this PC.
    expect(first.src).toMatch(/^data:image\/jpeg;base64,/);
    expect([first.width, first.height]).toEqual([96, 64]);
    // When and where, in the officer's language, and how far from the school.
    await expect(viewer.getByTestId('photo-viewer-taken')).toContainText('Taken');
    await expect(viewer.getByTestId('photo-viewer-taken')).toContainText('9:30');
    await expect(viewer.getByTestId('photo-viewer-place')).toHaveText(/^At -?\d+\.\d+, -?\d+\.\d+$/);
    await expect(viewer.getByTestId('photo-viewer-distance')).toHaveText(/^2\.\d km from the school$/);

    // → goes to the next photo: stored landscape with EXIF orientation 6, shown upright (portrait).
    await page.keyboard.press('ArrowRight');
    await expect(viewer).toHaveAttribute('data-index', '1');
    await expect(viewer.getByRole('heading')).toHaveText('IMG_0002.JPG');
    await expect(image).toBeVisible();
    const turned = await natural();
    expect([turned.width, turned.height]).toEqual([48, 96]);
    expect(turned.shownHeight).toBeGreaterThan(turned.shownWidth);
    await app.screenshot('photo-viewer-upright-1280x720');

    // The Next button goes to the large photo: fitted inside the window, then at 100 %.
    await viewer.getByTestId('photo-viewer-next').click();
    await expect(viewer).toHaveAttribute('data-index', '2');
    await expect(image).toBeVisible();
    const stage = await viewer.getByTestId('photo-viewer-stage').boundingBox();
    const fitted = await natural();
    expect([fitted.width, fitted.height]).toEqual([1800, 1200]);
    expect(fitted.shownWidth).toBeLessThanOrEqual((stage?.width ?? 0) + 0.5);
    expect(fitted.shownHeight).toBeLessThanOrEqual((stage?.height ?? 0) + 0.5);
    await expect(viewer.getByTestId('photo-viewer-next')).toBeDisabled();
    // No place recorded: said, not left blank.
    await expect(viewer.getByTestId('photo-viewer-place')).toHaveText('The camera recorded no place');
    await app.screenshot('photo-viewer-fit-1280x720');
    await viewer.getByTestId('photo-viewer-zoom').click();
    await expect.poll(async () => (await natural()).shownWidth).toBe(1800);
    await app.screenshot('photo-viewer-100-1280x720');

    // ← and the Previous button go back.
    await page.keyboard.press('ArrowLeft');
    await expect(viewer).toHaveAttribute('data-index', '1');
    await viewer.getByTestId('photo-viewer-previous').click();
    await expect(viewer).toHaveAttribute('data-index', '0');
    await expect(viewer.getByTestId('photo-viewer-previous')).toBeDisabled();
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`photo-viewer-${width}x${height}`);
    }

    // Escape closes, back on the visit's photos.
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    await expect(page.getByTestId('visit-photos')).toBeVisible();
  });
});
