import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';

test.describe('the import report on a small screen', () => {
  test('every "not imported" reason and the upload list can be scrolled to at 1280x720 and 1366x768', async ({
    page,
    harness,
  }) => {
    const card = mkdtempSync(join(tmpdir(), 'fieldsync-e2e-card-'));
    const files: Record<string, Buffer | string> = { 'DCIM/100CANON/IMG_0001.JPG': await makePhoto({ seed: 971 }) };
    for (let i = 1; i <= 29; i++) files[`DCIM/100CANON/NOTE_${String(i).padStart(2, '0')}.TXT`] = `not a photo ${i}`;
    await writeCard(card, files);

    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/photos'));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('folder-path').fill(card);
    await page.getByTestId('scan').click();
    await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'review');
    // 29 files that are not photos stay that way: nothing on the card is worth keeping it in for.
    await expect(page.getByTestId('card-copied')).toHaveAttribute('data-safe', 'true');
    await page.getByTestId('import').click();
    const report = page.getByTestId('import-report');
    await expect(report).toHaveAttribute('data-skipped', '29');
    // The photo has no visit (no date, no place): it is kept in the photo inbox, not skipped.
    await expect(report).toHaveAttribute('data-inbox', '1');
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      // 29 files not photos. The report is not squeezed into the window with its rows cut off: it is as tall as its content.
      const clipped = await report.evaluate((el) => el.scrollHeight - el.clientHeight);
      expect(clipped).toBeLessThanOrEqual(1);
      const last = page.getByTestId('not-imported').last();
      await last.scrollIntoViewIfNeeded();
      await expect(last).toBeInViewport();
      await expect(last).toContainText('NOTE_29.TXT');
      await page.getByTestId('import-more').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('import-more')).toBeInViewport();
      await app.screenshot(`photo-import-report-scrolled-${width}x${height}`);
    }
  });
});
