import { AppPage } from './pages/app-page.js';
import { SchoolsPage } from './pages/schools-page.js';
import { VisitPage } from './pages/visit-page.js';
import { expect, test } from './support/fixtures.js';
import { shownDate } from './support/shown-date.js';

test.describe('a visit', () => {
  test('shows its whole graph as panels and as a picture, and is reviewed', async ({ page, harness }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    const visit = new VisitPage(page);
    await app.open(harness.pageUrl());
    const school = await schools.openFirstSchool();
    const row = schools.visitRows().first();
    const visitId = (await row.getAttribute('data-visit-id')) ?? '';
    const listed = await harness.core.handlers['graph:visits']({
      schoolId: await schools.openSchoolId(),
      offset: 0,
      limit: 1,
    });
    const { visitDate, monitorName } =
      listed.ok && listed.value.items[0] ? listed.value.items[0] : { visitDate: '', monitorName: '' };
    // The row names the visit in full for a screen reader, though the school's list shows no school column.
    const date = await shownDate(page, visitDate);
    await expect(row).toHaveAccessibleName(`${school} · ${date}, ${monitorName}`);
    await row.click();
    await visit.waitLoaded(visitId);
    // The heading says which school and day (and the byline who), not only a date.
    await expect(visit.title()).toHaveText(`${school} · ${date}`);
    await expect(visit.byline()).toContainText(`Visit by ${monitorName}`);

    // Panels: lesson observations, pupil assessments with sections and result, monitoring answers.
    await expect(page.getByTestId('teacher-visits').locator('tbody tr')).toHaveCount(3);
    // On a 1366×768 laptop the review and the tabs, with the first observations, are above the fold.
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(visit.tab(/Lesson observations/)).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('teacher-visits').locator('tbody tr').first()).toBeInViewport({ ratio: 1 });
    await expect(visit.review.getByTestId('approve')).toBeInViewport({ ratio: 1 });
    await app.screenshot('visit-1366x768');
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(visit.tab(/Lesson observations/)).toBeInViewport({ ratio: 1 });
    await expect(visit.review.getByTestId('approve')).toBeInViewport({ ratio: 1 });
    await expect(visit.review.getByTestId('flag')).toBeInViewport({ ratio: 1 });
    await app.screenshot('visit-1280x720');
    // The picture, on its own tab: school, visit, 3 lesson observations, grouped records, referenced records.
    await visit.tab(/Related records/).click();
    await expect(visit.picture.locator('[data-testid="picture-node"][data-entity="teacherVisit"]')).toHaveCount(3);
    await expect(visit.picture.locator('[data-testid="picture-node"][data-entity="teacher"]')).toHaveCount(3);
    await expect(visit.picture.locator('[data-testid="picture-node"][data-entity="projectForm"]')).not.toHaveCount(0);
    // Its lines start on a box's right edge, end on a box's left edge, and never run behind another box.
    const geometry = await visit.picture.evaluate((svg) => {
      type Shape = { getPointAtLength(l: number): { x: number; y: number }; getTotalLength(): number };
      const boxes = [...svg.querySelectorAll('[data-testid="picture-node"]')].map((g) => {
        const r = g.querySelector('rect');
        const n = (name: string) => Number(r?.getAttribute(name));
        return { key: g.getAttribute('data-key') ?? '', x: n('x'), y: n('y'), w: n('width'), h: n('height') };
      });
      return [...svg.querySelectorAll('[data-testid="picture-line"]')].map((line) => {
        const path = line as unknown as Shape;
        const length = path.getTotalLength();
        const points = Array.from({ length: 201 }, (_, i) => path.getPointAtLength((length * i) / 200));
        const from = boxes.find((b) => b.key === line.getAttribute('data-from'));
        const to = boxes.find((b) => b.key === line.getAttribute('data-to'));
        const start = points[0] ?? { x: 0, y: 0 };
        const end = points[points.length - 1] ?? { x: 0, y: 0 };
        const inside = (p: { x: number; y: number }) =>
          boxes.filter((b) => p.x > b.x + 1 && p.x < b.x + b.w - 1 && p.y > b.y + 1 && p.y < b.y + b.h - 1);
        return {
          line: `${line.getAttribute('data-from')}>${line.getAttribute('data-to')}`,
          startsOnEdge:
            !!from && Math.abs(start.x - (from.x + from.w)) < 0.5 && start.y >= from.y && start.y <= from.y + from.h,
          endsOnEdge: !!to && Math.abs(end.x - to.x) < 0.5 && end.y >= to.y && end.y <= to.y + to.h,
          behind: [...new Set(points.flatMap((p) => inside(p).map((b) => b.key)))],
        };
      });
    });
    expect(geometry.length).toBeGreaterThan(10);
    for (const g of geometry) expect(g, g.line).toMatchObject({ startsOnEdge: true, endsOnEdge: true, behind: [] });
    await app.screenshot('visit');
    for (const [width, height] of [
      [1280, 720],
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      // With the picture open, the review and the tabs are still above the fold.
      await expect(visit.tab(/Related records/)).toBeInViewport({ ratio: 1 });
      await expect(visit.review.getByTestId('approve')).toBeInViewport({ ratio: 1 });
      await app.screenshot(`visit-related-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await visit.tab(/Pupil assessments/).click();
    await expect(page.getByTestId('assessment')).toHaveCount(5);
    await expect(page.getByTestId('assessment-result').first()).toContainText('Total');
    // Each section as a score and one right/wrong mark per item, never the tablet's raw answer string.
    const section = page.getByTestId('assessment-section').first();
    await expect(section.getByTestId('section-score')).toHaveText(/^\d+ of \d+ right \(\d+%\)$/);
    await expect(section.getByTestId('item-marks')).toHaveAccessibleName(/^\d+ right, \d+ wrong$/);
    await expect(page.getByTestId('assessments')).not.toContainText(/[01]{8,}/);
    // Each pupil's score over all sections, and the visit's pupils together.
    await expect(page.getByTestId('pupil-score')).toHaveCount(5);
    await expect(page.getByTestId('pupil-score').first()).toHaveText(/^\d+ of \d+ right \(\d+%\)$/);
    await expect(page.getByTestId('assessment-totals')).toHaveText(
      /^5 pupils assessed · [\d,]+ of [\d,]+ items right \(\d+%\)$/,
    );
    await page.getByTestId('assessments').scrollIntoViewIfNeeded();
    await app.screenshot('visit-assessments');
    await visit.tab(/Monitoring/).click();
    await expect(page.getByTestId('monitoring').locator('tbody tr').first()).toBeVisible();
    await page.getByTestId('monitoring').scrollIntoViewIfNeeded();
    await app.screenshot('visit-monitoring');
    await visit.tab(/Photos/).click();
    await expect(page.getByTestId('photos-placeholder')).toBeVisible();

    // Flagging needs a reason.
    await visit.review.getByTestId('review-comment').fill('');
    await visit.review.getByTestId('flag').click();
    // Said on the comment field in the screen's words, never as the argument's key.
    await expect(visit.review.getByText('Say why the visit is flagged', { exact: true })).toBeVisible();
    await expect(visit.review.getByTestId('review-comment')).toHaveAttribute('aria-invalid', 'true');
    await expect(visit.review.getByTestId('error-message')).toHaveCount(0);

    const sent = harness.next('sync:finished', (e) => e.summary.pushed > 0);
    await visit.flag('Scores look copied between pupils');
    expect((await sent).summary.error).toBeUndefined();
    await expect(visit.status()).toHaveAttribute('data-status', 'flagged');
    await expect(visit.screen).toHaveAttribute('data-local-state', 'synced');
    const onServer = await harness.server.request('demo', 'GET', '/api/school-visits?limit=1000');
    const record = (
      onServer.body as { items: { id: string; reviewStatus: string; reviewComment: string; reviewedBy: string }[] }
    ).items.find((v) => v.id === visitId);
    expect(record).toMatchObject({
      reviewStatus: 'flagged',
      reviewComment: 'Scores look copied between pupils',
      reviewedBy: 'Demo Officer',
    });
  });
});
