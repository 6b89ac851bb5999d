import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { writeExport } from '../../src/main/reports/export-file.js';
import type { Translator } from '../../src/shared/i18n/translator.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import {
  EXPORT_ENTITIES,
  type ExportEntity,
  type ExportFilter,
  type ExportFormat,
} from '../../src/shared/reports/export-request.js';
import { type SeededStore, seededStore } from '../app/helpers/seeded-store.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';
import { type Cell, expectedExport } from './support/expected-exports.js';
import { type FixtureRecords, fixtureRecords } from './support/fixture-records.js';

const english = createTranslator('en');
let seeded: SeededStore;
let data: FixtureRecords;
let dir: string;

beforeAll(() => {
  seeded = seededStore('small');
  data = fixtureRecords('small');
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-exports-'));
});
afterAll(() => {
  seeded.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Exports from the seeded store (in English unless told). */
function exportTo(
  entity: ExportEntity,
  filter: ExportFilter,
  format: ExportFormat,
  out: string,
  translator: Pick<Translator, 'lookup' | 't'> = english,
) {
  return writeExport({ reads: seeded.store.read, entity, filter, format, out, translator });
}

async function readXlsx(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const value = row.getCell(c).value;
      cells.push(value === undefined || value === null ? null : (value as Cell));
    }
    rows.push(cells);
  });
  return { sheet, rows };
}

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

const csvText = (cell: Cell, yes = 'Yes', no = 'No') =>
  cell === null
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : typeof cell === 'boolean'
        ? cell
          ? yes
          : no
        : String(cell);

describe('exports read back cell by cell against the generator’s records', () => {
  const district = () => data.of('district')[1] as { id: string; name: string };

  it.each(EXPORT_ENTITIES)('%s to .xlsx: typed cells, frozen header, autofilter, widths', async (entity) => {
    const out = join(dir, `${entity}.xlsx`);
    const result = await exportTo(entity, {}, 'xlsx', out);
    expect(result.ok).toBe(true);
    const expected = expectedExport(data, entity, {});
    const { sheet, rows } = await readXlsx(out);
    expect(rows[0]).toEqual(expected.header);
    expect(rows.length - 1).toBe(expected.rows.length);
    expect(result.ok && result.value.rows).toBe(expected.rows.length);
    expect(rows.slice(1)).toEqual(expected.rows);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // The filter spans the header and every data row, all columns (read back as 'A1:<last column><last row>').
    expect(sheet.autoFilter).toBe(`A1:${sheet.getColumn(expected.header.length).letter}${expected.rows.length + 1}`);
    for (let c = 1; c <= sheet.columnCount; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
  });

  it('visits filtered like the worklist (district, period, review status) export exactly those', async () => {
    const filter: ExportFilter = {
      districtId: district().id,
      from: '2026-03-01',
      to: '2026-08-31',
      reviewStatus: 'approved',
    };
    const expected = expectedExport(data, 'visits', filter);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(expected.rows.length).toBeLessThan(data.of('schoolVisit').length / 4);
    const out = join(dir, 'filtered.xlsx');
    const result = await exportTo('visits', filter, 'xlsx', out);
    expect(result.ok && result.value.rows).toBe(expected.rows.length);
    expect((await readXlsx(out)).rows.slice(1)).toEqual(expected.rows);
  });

  it('section answers of a district and period to CSV: BOM, CRLF, RFC 4180 quoting, same cells', async () => {
    const filter: ExportFilter = { districtId: district().id, from: '2026-01-01', to: '2026-12-31' };
    const out = join(dir, 'answers.csv');
    const result = await exportTo('sectionAnswers', filter, 'csv', out);
    expect(result.ok).toBe(true);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const expected = expectedExport(data, 'sectionAnswers', filter);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(expected.header);
    expect(rows.slice(1)).toEqual(expected.rows.map((row) => row.map((cell) => csvText(cell))));
  });

  it('visits to CSV quote commas and quotes (the reviewer "Officer, District 2") and say booleans in words', async () => {
    const out = join(dir, 'visits.csv');
    await exportTo('visits', {}, 'csv', out);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/,"Officer, District \d+",/);
    const expected = expectedExport(data, 'visits', {});
    const rows = parseCsv(text.slice(1));
    // Instants in CSV stay ISO (UTC) as stored: the comparison formats them the same way.
    const expectedText = expected.rows.map((row) =>
      row.map((cell, c) =>
        c === 10 && cell ? String(data.byId('schoolVisit', String(row[18])).reviewedAt) : csvText(cell),
      ),
    );
    expect(rows.slice(1)).toEqual(expectedText);
    const schoolsOut = join(dir, 'schools.csv');
    await exportTo('schools', {}, 'csv', schoolsOut);
    const schoolRows = parseCsv(readFileSync(schoolsOut, 'utf8').slice(1));
    expect(schoolRows.slice(1)).toEqual(
      expectedExport(data, 'schools', {}).rows.map((row) => row.map((cell) => csvText(cell))),
    );
  });

  it('text Excel would run as a formula is neutralised in CSV and kept as plain text in .xlsx', async () => {
    const typed = [
      '=HYPERLINK("http://evil.example","Open")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      'Plain = fine',
      '+254 771 803 153',
      '-12.5',
    ];
    const reads = {
      exportRows: () => ({
        columns: [{ key: 'notes', kind: 'text' as const }],
        total: typed.length,
        *pages() {
          yield typed.map((notes) => ({ notes }));
        },
      }),
    };
    const csvOut = join(dir, 'formulas.csv');
    const csv = await writeExport({
      reads,
      entity: 'visits',
      filter: {},
      format: 'csv',
      out: csvOut,
      translator: english,
    });
    expect(csv.ok).toBe(true);
    const cells = parseCsv(readFileSync(csvOut, 'utf8').slice(1))
      .slice(1)
      .map((row) => row[0]);
    expect(cells).toEqual([
      `'=HYPERLINK("http://evil.example","Open")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      'Plain = fine',
      '+254 771 803 153',
      '-12.5',
    ]);
    const xlsxOut = join(dir, 'formulas.xlsx');
    await writeExport({ reads, entity: 'visits', filter: {}, format: 'xlsx', out: xlsxOut, translator: english });
    const { sheet, rows } = await readXlsx(xlsxOut);
    expect(rows.slice(1).map((row) => row[0])).toEqual(typed);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
  });

  it('headers and enumeration values follow the language (French)', async () => {
    const out = join(dir, 'visites.xlsx');
    await exportTo('visits', { reviewStatus: 'flagged' }, 'xlsx', out, createTranslator('fr'));
    const { sheet, rows } = await readXlsx(out);
    expect(sheet.name).toBe('Visites');
    expect(rows[0]?.slice(0, 5)).toEqual(['Région', 'District', 'École', 'Code EMIS', 'Date de la visite']);
    const review = rows[0]?.indexOf('Statut de l’examen') ?? -1;
    expect(new Set(rows.slice(1).map((r) => r[review]))).toEqual(new Set(['Signalée']));
  });

  it('an empty period exports the header alone', async () => {
    const out = join(dir, 'empty.xlsx');
    const result = await exportTo('pupilAssessments', { from: '2001-01-01', to: '2001-12-31' }, 'xlsx', out);
    expect(result.ok && result.value.rows).toBe(0);
    expect((await readXlsx(out)).rows).toHaveLength(1);
  });
});

describe('a failed or cancelled export leaves no file behind', () => {
  const leftovers = (folder: string) => readdirSync(folder);

  it('cancelled after its first page: CANCELLED, and neither the file nor its temporary', async () => {
    const folder = join(dir, 'cancel');
    mkdirSync(folder);
    const controller = new AbortController();
    const result = await writeExport({
      reads: seeded.store.read,
      entity: 'sectionAnswers',
      filter: {},
      format: 'xlsx',
      out: join(folder, 'answers.xlsx'),
      translator: english,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('CANCELLED');
    expect(leftovers(folder)).toEqual([]);
  });

  it('a target OneDrive holds for a moment is replaced once it lets go; one open in Excel says so and keeps the old copy', async () => {
    const folder = join(dir, 'locked');
    mkdirSync(folder);
    const out = join(folder, 'visits.csv');
    writeFileSync(out, 'the earlier export');
    const exportWith = (times: number) => {
      const { ops, calls } = lockedFileOps([{ op: 'rename', match: (p) => p.endsWith('.part'), code: 'EBUSY', times }]);
      const fs = retryingFileOps(ops, instantRetry);
      return {
        calls,
        result: writeExport({
          reads: seeded.store.read,
          entity: 'visits',
          filter: {},
          format: 'csv',
          out,
          translator: english,
          fs,
        }),
      };
    };
    const brief = exportWith(3);
    expect((await brief.result).ok).toBe(true);
    expect(brief.calls.filter((c) => c.failed)).toHaveLength(3);
    expect(readFileSync(out, 'utf8')).toContain('\r\n');

    writeFileSync(out, 'the earlier export');
    const held = await exportWith(100).result;
    expect(held.ok ? 'ok' : held.error).toMatchObject({
      code: 'FILE',
      message: `${out} is open in another program (Excel?): close it and try again.`,
    });
    expect(readFileSync(out, 'utf8')).toBe('the earlier export');
    expect(leftovers(folder)).toEqual(['visits.csv']);
  });

  it('an unwritable target (its folder is a file) says so', async () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const result = await exportTo('visits', {}, 'csv', join(notAFolder, 'visits.csv'));
    expect(result.ok ? 'ok' : result.error.code).toBe('FILE');
    expect(result.ok ? '' : result.error.message).toContain('Cannot write in');
  });

  it('a full disk (a 64 KiB tmpfs) fails with FILE and leaves the disk empty', async (context) => {
    const mountPoint = join(dir, 'full');
    mkdirSync(mountPoint);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) {
      context.skip(`cannot mount a tmpfs here (${String(mounted.stderr).trim()}); the full-disk case needs root`);
      return;
    }
    try {
      for (const format of ['xlsx', 'csv'] as const) {
        const result = await exportTo('sectionAnswers', {}, format, join(mountPoint, `answers.${format}`));
        expect(result.ok ? 'ok' : result.error.message).toMatch(/disk is full/);
        expect(leftovers(mountPoint)).toEqual([]);
      }
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });

  it("the schools screen's export holds exactly the schools its search finds, in the export's order", async () => {
    // Words found in some school names or EMIS codes but not all (the small deployment's "Primary" schools).
    const all = seeded.store.read.schools({ offset: 0, limit: 10_000 });
    const words = 'prim';
    const found = seeded.store.read.schools({ search: words, offset: 0, limit: 10_000 });
    expect(found.total).toBeGreaterThan(0);
    expect(found.total).toBeLessThan(all.total);
    const out = join(dir, 'schools-search.csv');
    const result = await exportTo('schools', { text: words }, 'csv', out);
    expect(result.ok && result.value.rows).toBe(found.total);
    const rows = parseCsv(readFileSync(out, 'utf8').slice(1));
    const idColumn = (rows[0] ?? []).indexOf('School ID');
    expect(idColumn).toBeGreaterThanOrEqual(0);
    expect(new Set(rows.slice(1).map((row) => row[idColumn]))).toEqual(new Set(found.items.map((s) => s.id)));
  });

  it("the schools screen's .xlsx export holds, cell for cell, the names and EMIS codes its search finds", async () => {
    const words = 'prim';
    const found = seeded.store.read.schools({ search: words, offset: 0, limit: 10_000 });
    const out = join(dir, 'schools-search.xlsx');
    const result = await exportTo('schools', { text: words }, 'xlsx', out);
    expect(result.ok && result.value.rows).toBe(found.total);
    const { rows } = await readXlsx(out);
    const header = (rows[0] ?? []).map(String);
    const column = (name: string) => {
      const c = header.indexOf(name);
      expect(c, name).toBeGreaterThanOrEqual(0);
      return rows.slice(1).map((row) => row[c]);
    };
    const byId = new Map(found.items.map((school) => [school.id, school]));
    const ids = column('School ID');
    expect(new Set(ids)).toEqual(new Set(byId.keys()));
    expect(ids).toHaveLength(found.total);
    const names = column('School');
    const codes = column('EMIS code');
    const shown = ids.map((id) => byId.get(String(id)));
    expect(ids.map((_, i) => [names[i], codes[i]])).toEqual(shown.map((s) => [s?.name, s?.emisCode]));
  });
});
