import { readFileSync } from 'node:fs';
import { PROFILE_COUNTS } from '../../src/shared/fixtures/index.js';
import { AppPage } from './pages/app-page.js';
import { SchoolsPage } from './pages/schools-page.js';
import { WorklistPage } from './pages/worklist-page.js';
import { expect, test } from './support/fixtures.js';

test.use({ seed: 'small' });

const visits = PROFILE_COUNTS.small.schoolVisit ?? 0;
const schoolCount = PROFILE_COUNTS.small.school ?? 0;
const areaCount = ['country', 'region', 'district'].reduce((n, e) => n + (PROFILE_COUNTS.small[e] ?? 0), 0);

test.describe('schools', () => {
  test('the tree shows areas with counts; a school shows its teachers and visits; search finds it', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    await app.open(harness.pageUrl());
    const country = schools.tree.locator('[data-testid="tree-area"][data-entity="country"]');
    await expect(country).toContainText(`${schoolCount} schools`);
    await expect(country).toContainText(`${visits} visits`);

    const name = await schools.openFirstSchool();
    await expect(schools.panel.getByTestId('teachers-table').locator('tbody tr')).toHaveCount(10);
    await expect(schools.visitRows().first()).toBeVisible();
    await app.screenshot('schools');

    await schools.search.fill(name.split(' ')[0] ?? name);
    const hit = page.getByTestId('search-hit').filter({ hasText: name });
    await expect(hit).toBeVisible();
    await app.screenshot('schools-search');
    await schools.search.fill('');
    await expect(schools.tree).toBeVisible();
  });

  test('search says how many of all matches it shows and can show all; a teacher hit opens the teacher', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.open(harness.pageUrl());
    await schools.search.fill('a');
    const hits = page.getByTestId('search-hit');
    await expect(hits).toHaveCount(30);
    const count = page.getByTestId('search-count');
    await expect(count).toHaveText(/^30 of [\d,]+$/);
    const total = Number((await count.textContent())?.replace(/^30 of /, '').replace(/,/g, ''));
    expect(total).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect(hits).toHaveCount(total);
    await expect(count).toHaveText(`${total.toLocaleString('en')} of ${total.toLocaleString('en')}`);

    // A teacher found by name opens their school with their row marked and in view.
    await schools.search.fill('');
    await schools.openFirstSchool();
    const teacherRow = schools.panel.getByTestId('teacher-row').last();
    const teacher = ((await teacherRow.locator('td').first().textContent()) ?? '').trim();
    await schools.search.fill(teacher);
    await hits.filter({ hasText: 'Teacher' }).filter({ hasText: teacher }).first().click();
    const marked = schools.panel.locator('[data-testid="teacher-row"][aria-current="true"]');
    await expect(marked).toContainText(teacher);
    await expect(marked).toBeInViewport();
    await app.screenshot('schools-teacher-hit');

    // The school page at 1280×720: one scroll area (none inside the panel), the teachers table whole,
    // the visits a table with headings whose badges are not cut off.
    const innerScrollers = await schools.panel.evaluate(
      (panel) =>
        [...panel.querySelectorAll('*')].filter((el) => {
          const overflowY = el.ownerDocument.defaultView?.getComputedStyle(el).overflowY;
          return (overflowY === 'auto' || overflowY === 'scroll') && el.scrollHeight > el.clientHeight + 1;
        }).length,
    );
    expect(innerScrollers).toBe(0);
    const teacherRows = schools.panel.getByTestId('teacher-row');
    await expect(teacherRows).toHaveCount(10);
    for (const box of await teacherRows.evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height)))
      expect(box).toBeGreaterThan(20);
    const visitsTable = schools.panel.getByTestId('visit-list');
    await expect(visitsTable.getByRole('columnheader', { name: 'Review status' })).toBeVisible();
    const panelRight = await schools.panel.evaluate((el) => el.getBoundingClientRect().right);
    for (const right of await visitsTable
      .locator('tbody tr td:nth-child(4) > *')
      .evaluateAll((badges) => badges.map((b) => b.getBoundingClientRect().right)))
      expect(right).toBeLessThanOrEqual(panelRight);
  });

  test('a district officer’s tree opens on their own district; areas without schools are folded away', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    await harness.core.handlers['session:signOut'](undefined);
    await harness.signIn('district');
    await page.setViewportSize({ width: 1366, height: 768 });
    await app.open(harness.pageUrl());
    const districts = schools.tree.locator('[data-testid="tree-area"][data-entity="district"]');
    // Only District 1 has schools in this officer's store; it is open on its schools at once.
    await expect(districts).toHaveCount(1);
    await expect(schools.area('District 1')).toHaveAttribute('aria-expanded', 'true');
    await expect(schools.schools()).toHaveCount(schoolCount / (PROFILE_COUNTS.small.district ?? 1));
    // Natural order: the officer reads School 2 before School 10.
    const names = await schools.schools().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
    expect(names).toEqual([...names].sort(new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare));
    await app.screenshot('schools-district-officer');

    // The tree pane is resizable from the keyboard (and by dragging) and remembers its width.
    const splitter = page.getByRole('separator', { name: 'Resize the schools pane' });
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    const paneWidth = () =>
      page.getByRole('region', { name: 'Schools' }).evaluate((el) => el.getBoundingClientRect().width);
    const widthBefore = await paneWidth();
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 32));
    expect(await paneWidth()).toBeCloseTo(widthBefore + 32, 0);
    await page.reload();
    await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 32));

    const others = page.getByRole('checkbox', { name: `Show areas without schools (${areaCount - 3})` });
    await others.check();
    await expect(districts).toHaveCount(PROFILE_COUNTS.small.district ?? 0);
  });

  test('the tree is a keyboard tree: arrows move, open and close; the focused row scrolls into view', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    // A short window, so the tree holds fewer rows than it has and must scroll to the focused one.
    await page.setViewportSize({ width: 1360, height: 560 });
    await app.open(harness.pageUrl());
    const country = schools.tree.locator('[data-testid="tree-area"][data-entity="country"]');
    await expect(country).toBeVisible();
    await expect(schools.tabbableRows()).toHaveCount(1);

    // Tab from the search box goes through Export to the tree's one tabbable row: the first.
    await schools.search.focus();
    await schools.press('Tab');
    await expect(page.getByTestId('schools-export')).toBeFocused();
    await schools.press('Tab');
    await expect(country).toBeFocused();

    await schools.press('ArrowDown');
    const region = schools.focusedRow();
    await expect(region).toHaveAttribute('aria-level', '2');
    await expect(region).toHaveAttribute('aria-expanded', 'true');
    await schools.press('ArrowLeft');
    await expect(region).toHaveAttribute('aria-expanded', 'false');
    await schools.press('ArrowRight');
    await expect(region).toHaveAttribute('aria-expanded', 'true');
    await schools.press('ArrowRight');
    const district = schools.focusedRow();
    await expect(district).toHaveAttribute('aria-level', '3');
    const districtName = (await district.getAttribute('data-name')) ?? '';
    await schools.press('ArrowRight');
    await expect(schools.area(districtName)).toHaveAttribute('aria-expanded', 'true');
    // Right moves to the first child only once the district's schools are there (by design it does
    // nothing while they load; a CI rehearsal pressed it during the load).
    await expect(schools.tree.getByRole('progressbar')).toHaveCount(0);
    await schools.press('ArrowRight');
    await expect(schools.focusedRow()).toHaveAttribute('data-testid', 'tree-school');
    await expect(schools.focusedRow()).toHaveAttribute('aria-level', '4');
    await expect(schools.focusedRow()).toHaveAttribute('aria-posinset', '1');
    await schools.press('ArrowDown', 'ArrowLeft');
    await expect(schools.area(districtName)).toBeFocused();
    await expect(schools.tabbableRows()).toHaveCount(1);

    // Open every district, then End: the last row scrolls into view and takes focus.
    const districts = schools.tree.locator('[data-testid="tree-area"][data-entity="district"][aria-expanded="false"]');
    while ((await districts.count()) > 0) {
      await districts.first().click();
      await expect(schools.tree.getByRole('progressbar')).toHaveCount(0);
    }
    await expect(schools.tree).toHaveAttribute('data-count', String(areaCount + schoolCount));
    await schools.press('End');
    const last = schools.focusedRow();
    await expect(last).toHaveAttribute('data-testid', 'tree-school');
    await expect(last).toBeInViewport();
    expect(await schools.tree.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await schools.press('ArrowUp', 'ArrowUp');
    await expect(schools.focusedRow()).toBeInViewport();

    // Enter opens the focused school, which becomes the selected row.
    const name = (await schools.focusedRow().getAttribute('data-name')) ?? '';
    await schools.press('Enter');
    await expect(schools.panel.getByTestId('school-name')).toContainText(name);
    await expect(schools.school(name)).toHaveAttribute('aria-selected', 'true');
    await expect(schools.school(name)).toBeFocused();
    await app.screenshot('schools-keyboard');

    await schools.press('Home');
    await expect(country).toBeFocused();
    await expect(country).toBeInViewport();
    await expect(schools.tabbableRows()).toHaveCount(1);
  });

  test('Export saves the schools the screen lists: every school, or those its search finds', async ({
    page,
    harness,
  }) => {
    const app = new AppPage(page);
    const schools = new SchoolsPage(page);
    await app.open(harness.pageUrl());
    await expect(schools.tree).toBeVisible();
    const words = 'prim';
    await schools.search.fill(words);
    await expect(page.getByTestId('search-hit').first()).toBeVisible();
    const found = await harness.core.handlers['graph:schools']({ search: words, offset: 0, limit: 10_000 });
    if (!found.ok) throw new Error(found.error.message);
    expect(found.value.total).toBeLessThan(schoolCount);

    await page.getByTestId('schools-export').click();
    const downloading = page.waitForEvent('download');
    await page.getByTestId('schools-export-csv').click();
    const download = await downloading;
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    await expect(page.getByTestId('export-result')).toHaveText(
      new RegExp(`^${found.value.total} rows? exported \\(.+\\); your browser is downloading the file$`),
    );
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(found.value.total + 1);
    for (const school of found.value.items) expect(lines.some((line) => line.includes(school.id))).toBe(true);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await expect(page.getByTestId('schools-export')).toBeInViewport();
      await app.screenshot(`schools-export-${size.width}x${size.height}`);
    }
  });

  test('the visits worklist scrolls through every visit', async ({ page, harness }) => {
    const app = new AppPage(page);
    const worklist = new WorklistPage(page);
    await app.open(harness.pageUrl('#/visits'));
    await worklist.tab('all').click();
    await expect(worklist.total).toHaveText(`${visits} visits`);
    await expect(worklist.rows().first()).toBeVisible();
    await app.screenshot('visits');
    // Scroll to the end: the last page is fetched as it comes into view.
    await worklist.grid.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(worklist.row(visits - 1)).toBeVisible();
  });
});
