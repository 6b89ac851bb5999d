import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExport } from '../../src/main/reports/export-file.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import {
  type WorklistQueryInput,
  type WorklistRow,
  worklistQuerySchema,
} from '../../src/shared/ipc/schemas/worklist.js';
import { worklistExportFilter } from '../../src/shared/reports/export-request.js';
import { type SeededStore, seededStore } from '../app/helpers/seeded-store.js';

const english = createTranslator('en');
const TODAY = '2026-11-01';
let seeded: SeededStore;
let dir: string;

beforeAll(() => {
  seeded = seededStore('small', { now: () => new Date(`${TODAY}T09:00:00.000Z`) });
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-worklist-export-'));
});
afterAll(() => {
  seeded.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row the worklist shows for a query, page after page. */
function worklistRows(input: WorklistQueryInput): WorklistRow[] {
  const query = worklistQuerySchema.parse(input);
  const rows: WorklistRow[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = seeded.store.read.worklist.page(query, offset, 50);
    rows.push(...page.items);
    if (page.items.length < 50) return rows;
  }
}

/** The worklist's export of a query written to .xlsx and read back with exceljs, a record per row by header. */
async function exported(input: WorklistQueryInput, name: string) {
  const out = join(dir, `${name}.xlsx`);
  const filter = worklistExportFilter(worklistQuerySchema.parse(input));
  const result = await writeExport({
    reads: seeded.store.read,
    entity: 'visits',
    format: 'xlsx',
    filter,
    out,
    translator: english,
  });
  if (!result.ok) throw new Error(result.error.message);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const records: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    records.push(Object.fromEntries(header.map((h, c) => [h, row.getCell(c + 1).value ?? null])));
  });
  return { rows: result.value.rows, records };
}

const header = (key: string) => english.t(`reports:export.columns.${key}` as never);
const word = (field: 'status' | 'reviewStatus', value: string) =>
  english.t(`entities:schoolVisit.values.${field}.${value}` as never);

/** The cells an exported row shares with the worklist row, in the worklist's terms. */
function asWorklistCells(record: Record<string, unknown>) {
  const date = record[header('visitDate')];
  return {
    id: record[header('visitId')],
    districtName: record[header('district')],
    schoolName: record[header('school')],
    visitDate: date instanceof Date ? date.toISOString().slice(0, 10) : date,
    monitorName: record[header('monitorName')],
    status: record[header('status')],
    reviewStatus: record[header('reviewStatus')],
    reviewComment: record[header('reviewComment')],
    photos: record[header('photos')],
  };
}

function fromWorklist(row: WorklistRow) {
  return {
    id: row.id,
    districtName: row.districtName,
    schoolName: row.schoolName,
    visitDate: row.visitDate,
    monitorName: row.monitorName,
    status: word('status', row.status),
    reviewStatus: word('reviewStatus', row.reviewStatus),
    reviewComment: row.reviewComment,
    photos: row.photos,
  };
}

describe('the worklist exports exactly what it shows', () => {
  it('a tab, a district, a period, a monitor and search words: the same visits in the same order, cell by cell', async () => {
    const all = worklistRows({ tab: 'all' });
    const sample = all.find((r) => r.reviewStatus === 'pending') as WorklistRow;
    const query: WorklistQueryInput = {
      tab: 'pending',
      filter: {
        districtId: sample.districtId,
        dateFrom: '2026-01-01',
        monitor: sample.monitorName,
        text: sample.schoolName.split(' ')[0]?.slice(0, 3) ?? '',
      },
      sort: 'school',
      descending: false,
    };
    const shown = worklistRows(query);
    // The filters keep some visits and leave most out: an export that ignored them would not match.
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(all.filter((r) => r.districtId === sample.districtId).length);
    const { rows, records } = await exported(query, 'pending-of-a-monitor');
    expect(rows).toBe(shown.length);
    expect(records.map(asWorklistCells)).toEqual(shown.map(fromWorklist));
  });

  it('flagged visits whose follow-up is due, with photos, newest first: no more, no fewer', async () => {
    const flagged = worklistRows({ tab: 'flagged' });
    const withPhoto = flagged.find((r) => r.followUpDate !== null && r.followUpDate <= TODAY) as WorklistRow;
    const photo = seeded.store.createRecord('photo', {
      schoolVisitId: withPhoto.id,
      sha256: 'b'.repeat(64),
      size: 1000,
      mimeType: 'image/jpeg',
      originalName: 'IMG_0002.JPG',
    });
    expect(photo.ok).toBe(true);
    const due: WorklistQueryInput = { tab: 'all', filter: { followUpDue: true } };
    const shownDue = worklistRows(due);
    expect(shownDue.length).toBeLessThan(flagged.length);
    const dueExport = await exported(due, 'follow-up-due');
    expect(dueExport.records.map(asWorklistCells)).toEqual(shownDue.map(fromWorklist));

    const duePhotos: WorklistQueryInput = { tab: 'all', filter: { followUpDue: true, hasPhotos: true } };
    const { records } = await exported(duePhotos, 'follow-up-due-photos');
    expect(records.map(asWorklistCells)).toEqual([fromWorklist({ ...withPhoto, photos: 1 })]);
  });
});
