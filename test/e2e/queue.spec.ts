import { rawConnection } from '../../src/main/store/local-store.js';
import { AppPage } from './pages/app-page.js';
import { QueuePage } from './pages/queue-page.js';
import { expect, test } from './support/fixtures.js';
import { shownDate } from './support/shown-date.js';

test.describe('the queue', () => {
  test('lists waiting changes; discarding one says what is lost first', async ({ page, harness }) => {
    const app = new AppPage(page);
    const queue = new QueuePage(page);
    await harness.server.stop();
    const visits = await harness.core.handlers['graph:visits']({ offset: 0, limit: 2 });
    const [first, second] = visits.ok ? visits.value.items : [];
    if (!first || !second) throw new Error('two visits needed');
    await harness.core.handlers['visit:review']({ visitId: first.id, decision: 'approved', comment: null });
    await harness.core.handlers['visit:review']({ visitId: second.id, decision: 'flagged', comment: 'Missing pupils' });

    await app.open(harness.pageUrl('#/queue'));
    await expect(queue.rows()).toHaveCount(2);
    // Each change names its visit by school and date.
    for (const v of [first, second]) {
      const date = await shownDate(page, v.visitDate);
      await expect(queue.rows().filter({ hasText: `${v.schoolName} · ${date}` })).toHaveCount(1);
    }
    await app.screenshot('queue');
    const lost = await queue.discardFirst();
    expect(lost).toContain('Review status: Approved');
    await expect(queue.rows()).toHaveCount(1);
    expect(harness.account().store.getRecord('schoolVisit', first.id)?.localState).toBe('synced');
  });

  test('a queue of 100,000 ops opens at once, counts each state and scrolls to the last', async ({ page, harness }) => {
    test.setTimeout(120_000);
    const app = new AppPage(page);
    const queue = new QueuePage(page);
    await harness.server.stop();
    const ops = 100_000;
    const { store } = harness.account();
    const schoolId = (rawConnection(store).sqlite.prepare('select id from schools limit 1').get() as { id: string }).id;
    rawConnection(store).sqlite.transaction(() => {
      for (let i = 0; i < ops; i++) {
        const fields = { schoolId, firstName: 'Queued', lastName: `Teacher ${i}`, gender: 'male', active: true };
        if (!store.createRecord('teacher', fields).ok) throw new Error('create failed');
      }
    })();

    const start = Date.now();
    await app.open(harness.pageUrl('#/queue'));
    await expect(queue.rows().first()).toContainText('Teacher 0');
    console.log(`queue of ${ops} ops: first row shown ${Date.now() - start} ms after navigating`);
    await expect(queue.tab('all')).toContainText('All (100,000)');
    await expect(queue.tab('pending')).toContainText('Pending (100,000)');
    await expect(queue.list()).toHaveAttribute('data-count', String(ops));
    await app.screenshot('queue-100k');

    // The last page is fetched as it comes into view.
    await queue.list().evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(queue.rows().filter({ hasText: `Teacher ${ops - 1}` })).toBeVisible();
  });

  test('a change the server rejects needs attention, with the reason', async ({ page, harness }) => {
    const app = new AppPage(page);
    const queue = new QueuePage(page);
    await harness.core.handlers['session:signOut'](undefined);
    await harness.signIn('district');
    // The district officer cannot change a region (organisation reference data): the server refuses.
    const region = rawConnection(harness.account().store).sqlite.prepare('select id from regions limit 1').get() as {
      id: string;
    };
    const rejected = harness.next('sync:finished', (e) => e.summary.needsAttention === 1);
    harness.account().store.updateRecord('region', region.id, { name: 'Renamed by mistake' });
    harness.account().edited(['region']);
    await rejected;

    await app.open(harness.pageUrl('#/queue'));
    await expect(app.attentionCount()).toHaveText('1 need attention');
    const row = queue.rows('needs_attention');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('queue-reason')).toContainText(/refused|not allowed|may not change/i);
    await app.screenshot('queue-needs-attention');

    const retried = harness.next('sync:finished');
    await row.getByTestId('queue-retry').click();
    await retried;
    await expect(queue.rows('needs_attention')).toHaveCount(1);
    await queue.discardFirst();
    await expect(queue.rows()).toHaveCount(0);
    await expect(app.attentionCount()).toHaveText('0 need attention');
  });
});
