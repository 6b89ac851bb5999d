import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import { coreSuite } from './helpers/core-suite.js';
import type { CoreUnderTest, ShellAnswers } from './helpers/core-under-test.js';

setLogSink(() => undefined);

const suite = coreSuite();
const WHOLE = { from: '2000-01-01', to: '2099-12-31' };
const finished = (e: AppEvent): e is Extract<AppEvent, { kind: 'sync:finished' }> => e.kind === 'sync:finished';

/** A core signed in to the `tiny` server, its first sync done. */
async function signedIn(shell: ShellAnswers = {}) {
  const app = await suite.core(shell);
  const first = app.next(finished);
  await app.core.handlers['session:signIn']({ serverUrl: suite.server.url, username: 'demo', password: 'demo' });
  await first;
  return app;
}

const exportFiles = (app: CoreUnderTest) => readdirSync(app.dir).filter((f) => /\.(xlsx|csv)$|\.part$/.test(f));

describe('the reports screen’s channels', () => {
  it('reports:district answers the figures of the whole scope, a district and an empty period', async () => {
    const app = await signedIn();
    const hierarchy = await app.core.handlers['graph:hierarchy'](undefined);
    if (!hierarchy.ok) throw new Error(hierarchy.error.message);
    const districts = hierarchy.value.nodes.filter((n) => n.entity === 'district');
    const allSchools = districts.reduce((sum, d) => sum + d.counts.schools, 0);
    const all = await app.core.handlers['reports:district'](WHOLE);
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.area.kind).toBe('all');
    expect(all.value.totals.schools).toBe(allSchools);
    expect(all.value.totals.visits).toBeGreaterThan(0);
    const first = districts[0];
    if (!first) throw new Error('the tiny seed has districts');
    const one = await app.core.handlers['reports:district']({ ...WHOLE, districtId: first.id });
    expect(one).toMatchObject({ ok: true, value: { area: { kind: 'district', name: first.name } } });
    if (one.ok) expect(one.value.totals.schools).toBe(first.counts.schools);
    const empty = await app.core.handlers['reports:district']({ from: '1990-01-01', to: '1990-01-31' });
    expect(empty).toMatchObject({ ok: true, value: { totals: { visits: 0 } } });
  });

  it('signed out, the report is UNAUTHORIZED', async () => {
    const app = await suite.core();
    expect(await app.core.handlers['reports:district'](WHOLE)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('exports:run writes the chosen list where the shell says, with progress up to the total', async () => {
    const app = await signedIn();
    app.events.length = 0;
    const result = await app.core.handlers['exports:run']({ entity: 'visits', format: 'xlsx', filter: WHOLE });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.path).toMatch(/Visits \d{4}-\d{2}-\d{2}\.xlsx$/);
    const progress = app.events.filter((e) => e.kind === 'export:progress');
    expect(progress.at(-1)).toMatchObject({ progress: { done: result.value.rows, total: result.value.rows } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.value.path ?? '');
    expect(workbook.worksheets[0]?.rowCount).toBe(result.value.rows + 1);
    const report = await app.core.handlers['reports:district'](WHOLE);
    // Every visit of the period is exported, planned and cancelled ones included (the report counts those apart).
    if (report.ok)
      expect(result.value.rows).toBe(
        report.value.totals.visits + report.value.totals.planned + report.value.totals.cancelled,
      );
  });

  it('a cancelled save dialog writes nothing and says so with path null', async () => {
    const app = await signedIn({ chooseSaveFile: async () => null });
    expect(await app.core.handlers['exports:run']({ entity: 'schools', format: 'csv', filter: {} })).toEqual({
      ok: true,
      value: { path: null, rows: 0, bytes: 0, ms: 0 },
    });
    expect(exportFiles(app)).toEqual([]);
  });

  it('Cancel stops the export and leaves no file; a second export while one runs is refused', async () => {
    let app: CoreUnderTest | undefined;
    let second: unknown;
    app = await signedIn({
      chooseSaveFile: async (name) => {
        if (!app) throw new Error('no core');
        second = await app.core.handlers['exports:run']({ entity: 'schools', format: 'csv', filter: {} });
        expect(await app.core.handlers['exports:cancel'](undefined)).toEqual({ ok: true, value: true });
        return join(app.dir, name);
      },
    });
    const result = await app.core.handlers['exports:run']({ entity: 'sectionAnswers', format: 'xlsx', filter: {} });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED', message: expect.stringMatching(/cancelled/) },
    });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/already/) },
    });
    expect(exportFiles(app)).toEqual([]);
    // Nothing running any more: Cancel answers false, and the next export runs.
    expect(await app.core.handlers['exports:cancel'](undefined)).toEqual({ ok: true, value: false });
  });

  it('an unwritable target says which file was not written and why, in words', async () => {
    const app = await signedIn({ chooseSaveFile: async (name) => join('/proc/no-such-folder', name) });
    const result = await app.core.handlers['exports:run']({ entity: 'schools', format: 'csv', filter: {} });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'FILE', message: expect.stringMatching(/no-such-folder.*was not saved: /) },
    });
  });

  it('reports:savePdf prints the page with the office, area and period in the footer, where the officer chose', async () => {
    const footers: string[] = [];
    const app = await signedIn({
      printPageToPdf: async (footer) => {
        footers.push(footer);
        return Buffer.from('%PDF-1.7 report');
      },
    });
    const result = await app.core.handlers['reports:savePdf']({ from: '2026-01-01', to: '2026-01-31' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.path).toMatch(/District report 2026-01-01 to 2026-01-31\.pdf$/);
    expect(readFileSync(result.value.path ?? '', 'utf8')).toBe('%PDF-1.7 report');
    expect(footers[0]).toMatch(
      /All districts · .*2026.* · page <span class="pageNumber"><\/span> of <span class="totalPages"><\/span>/,
    );
  });

  it('reports:savePdf is refused where the shell cannot print (the browser host prints from the page)', async () => {
    const app = await signedIn();
    const result = await app.core.handlers['reports:savePdf'](WHOLE);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Print…/) },
    });
    expect(existsSync(join(app.dir, 'District report 2000-01-01 to 2099-12-31.pdf'))).toBe(false);
  });
});
