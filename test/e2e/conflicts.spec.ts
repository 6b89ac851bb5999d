import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app-page.js';
import { ConflictsPage } from './pages/conflicts-page.js';
import { VisitPage } from './pages/visit-page.js';
import { expect, test } from './support/fixtures.js';
import type { Harness } from './support/harness.js';
import { shownDate } from './support/shown-date.js';

/**
 * Another officer's review of a visit awaiting review (`theirs`, written on the server) and this
 * officer's approval of it from the same base, with the comment 'Checked the register: fine'; resolves
 * once the collision is held. Returns the visit's row.
 */
async function collideOnReview(page: Page, harness: Harness, theirs: Record<string, unknown>) {
  const visit = new VisitPage(page);
  const visits = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 1 });
  const row = visits.ok ? visits.value.items[0] : undefined;
  if (!row) throw new Error('no visit awaiting review');
  const base = harness.account().store.getRecord('schoolVisit', row.id)?.version ?? null;
  const [written] = await harness.server.writeAs({ user: 'demo' }, [
    { opId: randomUUID(), entity: 'schoolVisit', id: row.id, baseVersion: base, changes: theirs },
  ]);
  expect(written?.status).toBe('applied');
  await new AppPage(page).open(harness.pageUrl(`#/visit/${row.id}`));
  await visit.waitLoaded(row.id);
  const held = harness.next('conflicts:changed', (e) => e.open === 1);
  await visit.review.getByTestId('review-comment').fill('Checked the register: fine');
  await visit.review.getByTestId('approve').click();
  await held;
  return row;
}

test.describe('conflicts', () => {
  test('two officers review the same visit; the conflict is resolved by hand, field by field', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const visit = new VisitPage(page);
    const conflicts = new ConflictsPage(page);
    // A second officer flags the visit on another PC first; this officer approves it from the same
    // base: the review fields are held for a person.
    const row = await collideOnReview(page, harness, { reviewStatus: 'flagged', reviewComment: 'Pupil codes repeat' });
    const visitId = row.id;
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
    // Its detail explains what happened, in the past: a resolved conflict never says it waits.
    await expect(conflicts.detail.getByTestId('resolved-by')).toContainText('Resolved by Demo Officer, ');
    await expect(conflicts.detail).toContainText('Both sides changed fields that a person had to decide.');
    await expect(conflicts.detail).not.toContainText('Waiting for you');
    await app.screenshot('conflicts-resolved');
  });

  test('one collision over two fields is one entry; the preview shows the record and refuses one the server would; the history says which side each field kept', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const conflicts = new ConflictsPage(page);
    // Another officer flags it with a reason and a follow-up date; this one approves it with a comment
    // of their own: status and comment collide.
    const { id: visitId } = await collideOnReview(page, harness, {
      reviewStatus: 'flagged',
      reviewComment: 'Pupil codes repeat',
      followUpDate: '2027-01-10',
    });

    await page.setViewportSize({ width: 1366, height: 768 });
    await app.go('Conflicts');
    // One collision, two contested fields: one entry.
    await expect(conflicts.items()).toHaveCount(1);
    await expect(conflicts.items()).toContainText('2 fields');
    await expect(conflicts.field('reviewStatus')).toHaveAttribute('data-contested', 'true');
    await expect(conflicts.field('reviewComment')).toHaveAttribute('data-contested', 'true');

    // Mine everywhere: approved, yet their follow-up date stays: the preview says why it cannot be.
    const preview = conflicts.detail.getByTestId('conflict-preview');
    const previewOf = (field: string) => preview.locator(`[data-testid="preview-field"][data-field="${field}"]`);
    await expect(previewOf('reviewStatus')).toContainText('Approved');
    await expect(previewOf('reviewComment')).toContainText('Checked the register: fine');
    await expect(conflicts.detail.getByTestId('preview-rule')).toHaveAttribute('data-rule', 'followUpOnlyWhenFlagged');
    await expect(conflicts.detail.getByTestId('preview-invalid')).toContainText('only for a flagged visit');
    await expect(conflicts.detail.getByTestId('apply-choices')).toBeDisabled();
    await expect(conflicts.detail.getByTestId('keep-mine')).toBeDisabled();
    // The fields the broken rule reads are marked, so the officer sees which value to change.
    await expect(previewOf('followUpDate')).toHaveAttribute('data-offending', 'true');
    await expect(previewOf('reviewComment')).not.toHaveAttribute('data-offending', 'true');
    await app.screenshot('conflicts-preview-invalid');
    await page.setViewportSize({ width: 1280, height: 720 });
    // On the officers' 1280×720 laptops the decision stays in view at the foot of the pane.
    await expect(conflicts.detail.getByTestId('apply-choices')).toBeInViewport();
    await expect(conflicts.detail.getByTestId('preview-invalid')).toBeInViewport();
    await app.screenshot('conflicts-preview-invalid-1280');
    await page.setViewportSize({ width: 1366, height: 768 });

    // Their status, my comment: a record the rules accept.
    await conflicts.choose('reviewStatus', 'server');
    await expect(previewOf('reviewStatus')).toContainText('Flagged');
    await expect(previewOf('reviewComment')).toContainText('Checked the register: fine');
    await expect(conflicts.detail.getByTestId('preview-invalid')).toHaveCount(0);
    await expect(conflicts.detail.getByTestId('apply-choices')).toBeEnabled();
    await app.screenshot('conflicts-preview');

    const resynced = harness.next('sync:finished', (e) => e.summary.pushed > 0);
    await conflicts.applyChoices();
    expect((await resynced).summary.error).toBeUndefined();
    await expect(conflicts.items()).toHaveCount(0);
    const onServer = await harness.server.request('demo', 'GET', '/api/school-visits?limit=1000');
    const record = (onServer.body as { items: { id: string }[] }).items.find((v) => v.id === visitId);
    expect(record).toMatchObject({
      reviewStatus: 'flagged',
      reviewComment: 'Checked the register: fine',
      followUpDate: '2027-01-10',
    });

    await page.getByRole('tab', { name: 'Resolved' }).click();
    await expect(conflicts.items()).toHaveCount(1);
    const kept = (field: string) => conflicts.field(field).getByTestId('kept-side');
    await expect(kept('reviewStatus')).toHaveText('Kept: theirs');
    await expect(kept('reviewComment')).toHaveText('Kept: mine');
    await expect(conflicts.detail.getByTestId('resolved-by')).toContainText('Resolved by Demo Officer, ');
    await app.screenshot('conflicts-resolved-sides');
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.screenshot('conflicts-resolved-sides-1280');
  });

  test('an automatic resolution is overridden: the version that lost is pushed as a new edit and the server ends with it', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const conflicts = new ConflictsPage(page);
    // Another PC records a reviewer on the visit; this officer approves it (no comment): the reviewer
    // fields collide, are not held for a person, and the later edit (mine) wins automatically.
    const theirs = { reviewedBy: 'Other Officer', reviewedAt: '2026-12-01T09:00:00.000Z' };
    const visits = await harness.core.handlers['graph:visits']({ reviewStatus: 'pending', offset: 0, limit: 1 });
    const visitId = visits.ok ? visits.value.items[0]?.id : undefined;
    if (!visitId) throw new Error('no visit awaiting review');
    const base = harness.account().store.getRecord('schoolVisit', visitId)?.version ?? null;
    const [written] = await harness.server.writeAs({ user: 'demo' }, [
      { opId: randomUUID(), entity: 'schoolVisit', id: visitId, baseVersion: base, changes: theirs },
    ]);
    expect(written?.status).toBe('applied');
    const visit = new VisitPage(page);
    await app.open(harness.pageUrl(`#/visit/${visitId}`));
    await visit.waitLoaded(visitId);
    const synced = harness.next('sync:finished', (e) => e.summary.pushed > 0);
    await visit.review.getByTestId('approve').click();
    expect((await synced).summary.error).toBeUndefined();
    const serverRecord = async () => {
      const onServer = await harness.server.request('demo', 'GET', '/api/school-visits?limit=1000');
      return (onServer.body as { items: { id: string }[] }).items.find((v) => v.id === visitId);
    };
    expect(await serverRecord()).toMatchObject({ reviewStatus: 'approved', reviewedBy: 'Demo Officer' });

    await page.setViewportSize({ width: 1366, height: 768 });
    await app.go('Conflicts');
    await page.getByRole('tab', { name: 'Resolved' }).click();
    await expect(conflicts.items()).toHaveCount(1);
    await expect(conflicts.field('reviewedBy').getByTestId('kept-side')).toHaveText('Automatic: mine won');
    await expect(conflicts.detail.getByTestId('resolved-by')).toContainText('Resolved automatically, ');
    await app.screenshot('conflicts-automatic');

    const resynced = harness.next('sync:finished', (e) => e.summary.pushed > 0);
    await conflicts.detail.getByTestId('override-theirs').click();
    expect((await resynced).summary.error).toBeUndefined();
    expect(await serverRecord()).toMatchObject({ reviewStatus: 'approved', ...theirs });
  });
});
