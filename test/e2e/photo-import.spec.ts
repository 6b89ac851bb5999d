import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/server-database.js';
import { AppPage } from './pages/app-page.js';
import { expect, test } from './support/fixtures.js';
import { writePhotoCard } from './support/photo-card.js';

test.describe('importing photos from a card', () => {
  test('scans, groups by suggested visit, reassigns in bulk, uploads with progress, and shows them on the visit', async ({
    page,
    harness,
  }) => {
    // The card's three photos were taken at the first visit; one must move to the second.
    const { folder: card, first, second } = await writePhotoCard(harness);

    const app = new AppPage(page);
    await app.open(harness.pageUrl('#/photos'));
    await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'choose');
    await expect(page.getByTestId('no-drives')).toBeVisible();
    // Phones over MTP have no drive letter: the screen says why they are not listed.
    await expect(page.getByTestId('mtp-note')).toContainText('without a drive letter (MTP)');
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`photo-import-choose-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.getByTestId('folder-path').fill(card);
    await page.getByTestId('scan').click();

    await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'review');
    // Every photo is copied by the scan: the officer may take the card out before reviewing.
    await expect(page.getByTestId('card-copied')).toHaveAttribute('data-safe', 'true');
    await expect(page.getByTestId('card-copied')).toHaveText(
      'Every photo is copied to this computer: it is safe to remove the card.',
    );
    await expect(page.getByTestId('photo-tile')).toHaveCount(3);
    // The grid is virtual: a visit's title, then its tiles, each saying which visit it is in now.
    const suggested = page.locator(`[data-testid="photo-tile"][data-visit-id="${first.id}"]`);
    await expect(page.locator(`[data-testid="visit-group"][data-visit-id="${first.id}"]`)).toHaveAttribute(
      'data-count',
      '3',
    );
    await expect(suggested).toHaveCount(3);
    await expect(suggested.locator('img')).toHaveCount(3);
    await app.screenshot('photo-import-review');

    // Bulk reassignment: select one photo and move it to the second visit.
    await page.getByTestId('photo-tile').nth(2).getByRole('checkbox').check();
    // "Move to visit" offers the visits nearest the ticked photo first, saying how near: its own visit.
    const firstOption = page.getByTestId('target-visit').locator('option').first();
    await expect(firstOption).toHaveAttribute('value', first.id);
    await expect(firstOption).toHaveAttribute('data-days', '0');
    await expect(firstOption).toContainText('same day');
    await expect(page.getByTestId('target-visit')).toHaveValue(first.id);
    await page.getByTestId('target-visit').selectOption(second.id);
    await page.getByTestId('move-to-visit').click();
    await expect(suggested).toHaveCount(2);
    await expect(page.locator(`[data-testid="photo-tile"][data-visit-id="${second.id}"]`)).toHaveCount(1);

    const uploaded = harness.next(
      'photos:progress',
      (e) => e.progress.kind === 'photo-overall' && e.progress.filesDone === 3,
    );
    await page.getByTestId('import').click();
    const report = page.getByTestId('import-report');
    await expect(report).toHaveAttribute('data-imported', '3');
    await expect(report).toHaveAttribute('data-skipped', '1');
    await expect(page.getByTestId('not-imported')).toContainText('NOTES.TXT');
    await uploaded;
    await expect(page.getByTestId('overall-progress')).toHaveAttribute('data-done', '3');
    await expect(page.locator('[data-testid="upload-file"][data-state="done"]')).toHaveCount(3);
    await app.screenshot('photo-import-uploaded');

    // The photos are on the visit screen, uploaded; and the server has their records.
    await page.goto(harness.pageUrl(`#/visit/${first.id}`));
    await page.getByRole('tab', { name: /Photos/ }).click();
    await expect(page.getByTestId('visit-photo')).toHaveCount(2);
    await expect(page.locator('[data-testid="visit-photo"][data-upload="done"]')).toHaveCount(2);
    const onServer = () =>
      queryRows<{ visit: string; n: number }>(
        harness.server.db,
        sql`SELECT school_visit_id AS visit, count(*)::int AS n FROM photos GROUP BY school_visit_id ORDER BY n DESC`,
      );
    await expect.poll(onServer).toEqual([
      { visit: first.id, n: 2 },
      { visit: second.id, n: 1 },
    ]);

    // The Queue lists the real uploads. Failed ones: Retry only where a retry can help, else what to do.
    const store = harness.account().store;
    const [refused, dropped] = store.read.photoUploads(10);
    if (!refused || !dropped) throw new Error('three uploads expected');
    const at = new Date().toISOString();
    const failed = (code: 'FORBIDDEN' | 'SERVER') => ({
      state: 'failed' as const,
      error: { code, message: code === 'FORBIDDEN' ? 'You may not add photos to this visit' : 'Bad gateway' },
      forgetSession: false,
    });
    store.photoUploads.stopped(refused.sha256, failed('FORBIDDEN'), at);
    store.photoUploads.stopped(dropped.sha256, failed('SERVER'), at);
    await page.goto(harness.pageUrl('#/queue'));
    const uploads = page.getByTestId('photo-uploads');
    await expect(uploads.getByTestId('photo-upload-row')).toHaveCount(3);
    const refusedRow = uploads.locator('[data-testid="photo-upload-row"][data-permanent="true"]');
    await expect(refusedRow).toContainText(refused.fileName);
    await expect(refusedRow.getByTestId('photo-upload-retry')).toHaveCount(0);
    await expect(refusedRow.getByTestId('photo-upload-advice')).toContainText('ask your administrator');
    const retryRow = uploads.locator('[data-testid="photo-upload-row"][data-state="failed"][data-permanent="false"]');
    await expect(retryRow).toContainText(dropped.fileName);
    await expect(uploads.locator('[data-state="done"]')).toHaveCount(1);
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`queue-photo-uploads-${width}x${height}`);
    }
    await retryRow.getByTestId('photo-upload-retry').click();
    await expect(uploads.locator('[data-state="done"]')).toHaveCount(2);
    await refusedRow.getByTestId('photo-upload-remove').click();
    await expect(uploads.getByTestId('photo-upload-row')).toHaveCount(2);
    expect(store.getRecord('photo', refused.photoId)?.deleted ?? true).toBe(true);

    // The same card again: nothing new to import.
    await page.goto(harness.pageUrl('#/photos'));
    await page.getByTestId('folder-path').fill(card);
    await page.getByTestId('scan').click();
    await expect(page.getByTestId('photos-screen')).toHaveAttribute('data-step', 'review');
    await expect(page.getByTestId('photo-tile')).toHaveCount(0);
  });
});
