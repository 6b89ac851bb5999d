import { randomUUID } from 'node:crypto';
import { AppPage } from './pages/app-page.js';
import { ConflictsPage } from './pages/conflicts-page.js';
import { VisitPage } from './pages/visit-page.js';
import { expect, test } from './support/fixtures.js';
import { shownDate } from './support/shown-date.js';

test.describe('conflicts', () => {
  test('two officers review the same visit; the conflict is resolved by hand, field by field', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const visit = new VisitPage(page);
    const conflicts = new ConflictsPage(page);
    const visits = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 1 });
    const row = visits.ok ? visits.value.items[0] : undefined;
    if (!row) throw new Error('no visit awaiting review');
    const visitId = row.id;
    const base = harness.account().store.getRecord('schoolVisit', visitId)?.version ?? null;

    // A second officer flags the visit on another PC first.
    const [written] = await harness.server.writeAs({ user: 'demo' }, [
      {
        opId: randomUUID(),
        entity: 'schoolVisit',
        id: visitId,
        baseVersion: base,
        changes: { reviewStatus: 'flagged', reviewComment: 'Pupil codes repeat' },
      },
    ]);
    expect(written?.status).toBe('applied');

    // This officer approves it from the same base: the review fields are held for a person.
    await app.open(harness.pageUrl(`#/visit/${visitId}`));
    await visit.waitLoaded(visitId);
    const held = harness.next('conflicts:changed', (e) => e.open === 1);
    await visit.review.getByTestId('review-comment').fill('Checked the register: fine');
    await visit.review.getByTestId('approve').click();
    await held;
    await expect(page.getByTestId('nav-conflicts')).toContainText('1');
    await expect(visit.screen.getByTestId('marker-conflict').first()).toBeVisible();

    await app.go('Conflicts');
    await expect(conflicts.items()).toHaveCount(1);
    // Named by school and date, so visits of different schools on one day are told apart.
    const date = await shownDate(page, row.visitDate);
    await expect(conflicts.items()).toContainText(`School visit: ${row.schoolName} · ${date}`);
    await expect(conflicts.field('reviewStatus')).toHaveAttribute('data-contested', 'true');
    await expect(conflicts.field('reviewStatus')).toContainText('Flagged');
    await expect(conflicts.field('reviewStatus')).toContainText('Approved');
    await app.screenshot('conflicts');

    // Keep my decision, their comment.
    await conflicts.choose('reviewStatus', 'local');
    await conflicts.choose('reviewComment', 'server');
    const resynced = harness.next('sync:finished', (e) => e.summary.pushed > 0);
    await conflicts.applyChoices();
    expect((await resynced).summary.error).toBeUndefined();
    await expect(conflicts.items()).toHaveCount(0);
    await expect(page.getByTestId('conflicts-empty')).toBeVisible();

    const onServer = await harness.server.request('demo', 'GET', '/api/school-visits?limit=1000');
    const record = (
      onServer.body as { items: { id: string; reviewStatus: string; reviewComment: string }[] }
    ).items.find((v) => v.id === visitId);
    expect(record).toMatchObject({ reviewStatus: 'approved', reviewComment: 'Pupil codes repeat' });
    await page.getByRole('tab', { name: 'Resolved' }).click();
    await expect(conflicts.items()).toHaveCount(1);
    // Out of the waiting list, in the history with who resolved it (not "Waiting for you").
    await expect(conflicts.items().getByTestId('conflict-badge')).toHaveText('Resolved by Demo Officer');
    await app.screenshot('conflicts-resolved');
  });
});
