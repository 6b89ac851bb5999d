import { rawConnection } from '../../src/main/store/local-store.js';
import { generateDeployment } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
import { type HomeCount, HomePage } from './pages/home-page.js';
import { QueuePage } from './pages/queue-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';
import { holdReviewConflict } from './support/review-conflict.js';

test.use({ seed: 'tiny', signedIn: false });
test.setTimeout(180_000);

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

test.describe('home: what needs me today', () => {
  test('sign-in lands on Home; each count matches its list, follows a sync live and opens the list filtered', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const home = new HomePage(page);
    const worklist = new WorklistPage(page);
    const queue = new QueuePage(page);
    // A district officer, whose last screen of an earlier session was the worklist: signing in starts on Home.
    await app.open(harness.pageUrl('#/visits'));
    const synced = harness.next('sync:finished');
    await new SignInPage(page).signIn(harness.serverUrl, 'district', 'district');
    expect((await synced).summary.error).toBeUndefined();
    await expect(home.screen).toBeVisible();
    await expect(page.getByTestId('nav-home')).toHaveAttribute('aria-selected', 'true');
    await expect(home.lastSync).toHaveAttribute('data-failed', 'false');
    await expect(home.lastSync.getByTestId('home-last-sync-result')).toHaveText('Finished');

    // Something of each kind to need the officer, made through the store and the server.
    const { store } = harness.account();
    // The district officer cannot change a region (organisation reference data): the server refuses.
    const region = rawConnection(store).sqlite.prepare('select id from regions limit 1').get() as { id: string };
    const rejected = harness.next('sync:finished', (e) => e.summary.needsAttention === 1);
    expect(store.updateRecord('region', region.id, { name: 'Renamed by mistake' }).ok).toBe(true);
    harness.account().edited(['region']);
    await rejected;
    const listed = await harness.core.handlers['worklist:list']({
      tab: 'pending',
      filter: {},
      sort: 'date',
      descending: true,
      offset: 0,
      limit: 10,
    });
    const [followUp, collided] = listed.ok ? listed.value.items : [];
    if (!followUp || !collided)
      throw new Error("the tiny seed has two visits awaiting review in the officer's district");
    const photographed = followUp;
    // The store's clock is the real one here.
    const today = new Date().toISOString().slice(0, 10);
    const flagged = store.updateRecord('schoolVisit', followUp.id, {
      reviewStatus: 'flagged',
      reviewComment: 'Register missing',
      followUpDate: today,
    });
    expect(flagged.ok).toBe(true);
    // A photo whose file is gone: its upload fails and it stays "not uploaded".
    const imported = store.photoLibrary.recordImport(
      {
        schoolVisitId: photographed.id,
        sha256: 'e'.repeat(64),
        size: 2048,
        mimeType: 'image/jpeg',
        originalName: 'IMG_0042.JPG',
        capturedAt: null,
        latitude: null,
        longitude: null,
        camera: null,
        caption: null,
      },
      {
        originalName: 'IMG_0042.JPG',
        sourcePath: '/card/IMG_0042.JPG',
        blobPath: '/nowhere/IMG_0042.JPG',
        importedAt: today,
      },
    );
    expect(imported.ok).toBe(true);
    // A conflict: reviewed here and on the server; the sync it runs also refreshes Home.
    await holdReviewConflict(harness, collided.id);

    const worklistCount = async (tab: 'pending' | 'flagged', followUpDue?: boolean) => {
      const result = await harness.core.handlers['worklist:list']({
        tab,
        filter: followUpDue ? { followUpDue } : {},
        sort: 'date',
        descending: true,
        offset: 0,
        limit: 1,
      });
      return result.ok ? result.value.total : Number.NaN;
    };
    const conflicts = await harness.core.handlers['conflicts:list']({ status: 'open' });
    const queueCounts = harness.account().queueCounts();
    const expected: Record<HomeCount, number> = {
      awaitingReview: await worklistCount('pending'),
      followUpsDue: await worklistCount('flagged', true),
      openConflicts: conflicts.ok ? conflicts.value.items.length : Number.NaN,
      photosNotUploaded: 1,
      needsAttention: queueCounts.failed + queueCounts.needsAttention,
    };
    expect(expected).toMatchObject({ followUpsDue: 1, openConflicts: 1, needsAttention: 1 });
    expect(expected.awaitingReview).toBeGreaterThan(0);
    // Only the officer's districts: fewer than the organisation's visits awaiting review.
    const organisation = [...generateDeployment({ profile: 'tiny' })]
      .filter((b) => b.entity === 'schoolVisit')
      .flatMap((b) => b.records)
      .filter((r) => (r as { reviewStatus?: string }).reviewStatus === 'pending').length;
    expect(expected.awaitingReview).toBeLessThan(organisation - 2);
    // Home read its counts again by itself after the edits and the sync.
    for (const [key, n] of Object.entries(expected) as [HomeCount, number][]) {
      await expect.poll(() => home.count(key), { message: key }).toBe(n);
    }

    for (const size of SIZES) {
      await page.setViewportSize(size);
      // Nothing cut off: every tile and the sync card in the page, the page itself its one scroll area.
      const overflow = {
        x: await home.screen.evaluate((el) => el.scrollWidth - el.clientWidth),
        page: await page.evaluate('document.documentElement.scrollHeight - document.documentElement.clientHeight'),
      };
      expect(overflow, `${size.width}×${size.height}`).toEqual({ x: 0, page: 0 });
      for (const key of Object.keys(expected) as HomeCount[]) {
        await home.tile(key).scrollIntoViewIfNeeded();
        await expect(home.tile(key)).toBeInViewport({ ratio: 1 });
      }
      await app.screenshot(`home-${size.width}x${size.height}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });

    // Each count opens its list, filtered, holding as many rows as it said.
    await home.tile('awaitingReview').click();
    await expect(worklist.tab('pending')).toHaveAttribute('aria-selected', 'true');
    await expect(worklist.filter('followUpDue')).toHaveAttribute('aria-pressed', 'false');
    await worklist.expectCount(expected.awaitingReview);

    await app.go('Home');
    await home.tile('followUpsDue').click();
    await expect(worklist.tab('flagged')).toHaveAttribute('aria-selected', 'true');
    await expect(worklist.filter('followUpDue')).toHaveAttribute('aria-pressed', 'true');
    await worklist.expectCount(expected.followUpsDue);
    await expect(worklist.row(0)).toHaveAttribute('data-visit-id', followUp.id);

    await app.go('Home');
    await home.tile('openConflicts').click();
    await expect(page.getByTestId('conflicts-screen').getByTestId('conflict-item')).toHaveCount(expected.openConflicts);

    await app.go('Home');
    await home.tile('photosNotUploaded').click();
    const uploads = page.getByTestId('photo-uploads');
    await expect(uploads).toBeFocused();
    await expect(uploads.locator('[data-testid="photo-upload-row"]:not([data-state="done"])')).toHaveCount(
      expected.photosNotUploaded,
    );

    await app.go('Home');
    await home.tile('needsAttention').click();
    await expect(queue.tab('attention')).toHaveAttribute('aria-selected', 'true');
    await expect(queue.list()).toHaveAttribute('data-count', String(expected.needsAttention));
    await expect(queue.rows()).toHaveCount(expected.needsAttention);
    await expect(queue.rows().first()).toHaveAttribute('data-state', 'needs_attention');
    // The status bar counts the same changes as Home's card and opens the same list.
    await expect(app.attentionCount()).toHaveText(`${expected.needsAttention} need attention`);
    await app.go('Home');
    await app.attentionButton().click();
    await expect(queue.tab('attention')).toHaveAttribute('aria-selected', 'true');
    await expect(queue.rows()).toHaveCount(expected.needsAttention);

    // A review from the worklist moves the counts at once (no reload, no sync needed).
    await app.go('Home');
    await home.tile('awaitingReview').click();
    await worklist.row(0).click();
    await page.getByTestId('bulk-approve').click();
    await app.go('Home');
    await expect.poll(() => home.count('awaitingReview')).toBe(expected.awaitingReview - 1);
  });
});
