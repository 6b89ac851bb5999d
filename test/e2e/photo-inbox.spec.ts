import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePhoto, writeCard } from '../photos/support/make-card.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';
import { writePhotoCard } from './support/photo-card.js';

test.describe('the photo inbox', () => {
  test('photos without a visit are kept on import, then given a visit (and uploaded) or deleted later', async ({
    page,
    harness,
  }) => {
    const { first, second } = await writePhotoCard(harness);
    // A card whose three photos carry no date and no position: no visit can be suggested for them.
    const card = mkdtempSync(join(tmpdir(), 'fieldsync-e2e-inbox-'));
    await writeCard(card, {
      'DCIM/100PHONE/A.JPG': await makePhoto({ seed: 301 }),
      'DCIM/100PHONE/B.JPG': await makePhoto({ seed: 302 }),
      'DCIM/100PHONE/C.JPG': await makePhoto({ seed: 303 }),
    });
    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/photos'));
    await expect(page.getByTestId('photo-inbox')).toHaveCount(0);
    await page.getByTestId('folder-path').fill(card);
    await page.getByTestId('scan').click();
    await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'review');
    await expect(page.getByTestId('to-inbox')).toContainText('3 photos without a visit go to the photo inbox');
    await page.getByTestId('import').click();
    const report = page.getByTestId('import-report');
    await expect(report).toHaveAttribute('data-imported', '0');
    await expect(report).toHaveAttribute('data-inbox', '3');

    // The inbox shows under the report, and on the screen's first step from now on.
    await page.getByTestId('import-more').click();
    const inbox = page.getByTestId('photo-inbox');
    await expect(inbox).toHaveAttribute('data-count', '3');
    await expect(inbox.getByTestId('inbox-photo')).toHaveCount(3);
    await expect(inbox.getByTestId('inbox-photo').locator('img')).toHaveCount(3);
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`photo-inbox-${width}x${height}`);
    }

    // Two photos to a visit: they get their records and upload like any import.
    const uploaded = harness.next(
      'photos:progress',
      (e) => e.progress.kind === 'photo-overall' && e.progress.filesDone === 2,
    );
    await inbox.getByTestId('inbox-photo').nth(0).getByRole('checkbox').check();
    await inbox.getByTestId('inbox-photo').nth(1).getByRole('checkbox').check();
    await inbox.getByTestId('target-visit').selectOption(second.id);
    await inbox.getByTestId('move-to-visit').click();
    await expect(inbox).toHaveAttribute('data-count', '1');
    await uploaded;
    const photosOf = (visitId: string) => harness.account().store.read.visitPhotos(visitId);
    await expect.poll(() => photosOf(second.id).map((p) => p.upload)).toEqual(['done', 'done']);
    expect(photosOf(first.id)).toHaveLength(0);

    // The last one is deleted from this PC, after saying what that means.
    await inbox.getByTestId('inbox-photo').first().getByRole('checkbox').check();
    await inbox.getByTestId('inbox-delete').click();
    await expect(page.getByTestId('inbox-delete-dialog')).toContainText('never uploaded');
    await page.getByTestId('inbox-delete-confirm').click();
    await expect(page.getByTestId('photo-inbox')).toHaveCount(0);
    expect(harness.account().store.photoLibrary.inbox(0, 10).count).toBe(0);
  });
});
