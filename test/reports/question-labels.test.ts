import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExport } from '../../src/main/reports/export-file.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { LANGUAGES } from '../../src/shared/i18n/languages.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import { districtReportSchema } from '../../src/shared/reports/district-report.js';
import { questionLabel } from '../../src/shared/reports/report-labels.js';
import { type SeededStore, seededStore } from '../app/helpers/seeded-store.js';
import { fixtureRecords } from './support/fixture-records.js';

/** An identifier as code writes it: `head_teacher_present`, `readers_per_pupil`. */
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
const PERIOD = { from: '2000-01-01', to: '2099-12-31' };
let seeded: SeededStore;
let dir: string;
/** The questions whose wording the test took away, and the key no form declares. */
let unlabelled: { key: string; position: number }[];
const UNDECLARED = 'water_point_working';

beforeAll(() => {
  seeded = seededStore('tiny');
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-question-labels-'));
  const store = seeded.store;
  const data = fixtureRecords('tiny');
  const forms = data.of('projectForm').map((f) => {
    const fields = store.getRecord('projectForm', String(f.id))?.fields ?? {};
    const stored = fields.questions;
    const questions = (typeof stored === 'string' ? JSON.parse(stored) : stored) as { key: string; label?: string }[];
    return { id: String(f.id), fields, questions };
  });
  // The first form's second question loses its label and its fourth gets an empty one, in every form
  // asking them (a key asked by several forms has one label): forms written by hand do this.
  const first = forms[0]?.questions ?? [];
  const [missing, blank] = [first[1]?.key ?? '', first[3]?.key ?? ''];
  unlabelled = [missing, blank].map((key) => ({
    key,
    position: Math.min(...forms.map((f) => f.questions.findIndex((q) => q.key === key) + 1).filter((n) => n > 0)),
  }));
  const def = entityGraph.byName.get('projectForm');
  const page = store.applyServerPage({
    changes: [
      {
        collection: def?.collection ?? '',
        items: forms.map((form) => ({
          ...form.fields,
          id: form.id,
          questions: form.questions.map((q) => {
            if (q.key === missing) {
              const { label: _label, ...rest } = q;
              return rest;
            }
            return q.key === blank ? { ...q, label: '  ' } : q;
          }),
          version: 2,
          updatedAt: '2026-10-30T00:00:00.000Z',
          deleted: false,
        })),
      },
    ],
  });
  if (!page.ok) throw new Error(page.error.message);
  const answer = store.createRecord('monitoringAnswer', {
    schoolVisitId: data.of('schoolVisit')[0]?.id,
    projectFormId: forms[0]?.id,
    questionKey: UNDECLARED,
    value: 'yes',
  });
  if (!answer.ok) throw new Error(answer.error.message);
});
afterAll(() => {
  seeded.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a monitoring question without a label', () => {
  it.each(LANGUAGES)('is "Question n" (its place in the form) in the report, never its key (%s)', (lang) => {
    const { t } = createTranslator(lang);
    const report = districtReportSchema.parse(seeded.store.read.districtReport(PERIOD));
    const shown = new Map(report.questions.map((q) => [q.key, questionLabel(q, t)]));
    for (const { key, position } of unlabelled) {
      expect(shown.get(key)).toBe(t('reports:document.questionNumber', { n: position }));
    }
    expect(shown.get(UNDECLARED)).toBe(t('reports:document.unnamedQuestion'));
    for (const label of shown.values()) expect(label).not.toMatch(SNAKE_CASE);
  });

  it('is named the same way in the monitoring answers export (French), and the key stays in its own column', async () => {
    const fr = createTranslator('fr');
    const out = join(dir, 'reponses.xlsx');
    const result = await writeExport({
      reads: seeded.store.read,
      entity: 'monitoringAnswers',
      format: 'xlsx',
      filter: {},
      out,
      translator: fr,
    });
    expect(result.ok).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const keyColumn = header.indexOf(fr.t('reports:export.columns.questionKey'));
    const questionColumn = header.indexOf(fr.t('reports:export.columns.question'));
    const byKey = new Map<string, string>();
    sheet.eachRow((row, n) => {
      if (n > 1) byKey.set(String(row.getCell(keyColumn).value), String(row.getCell(questionColumn).value));
    });
    // Each answer names the question by its place in that answer's form.
    for (const { key } of unlabelled) expect(byKey.get(key)).toMatch(/^Question \d+$/);
    expect(byKey.get(UNDECLARED)).toBe('Question sans intitulé');
    for (const label of byKey.values()) expect(label).not.toMatch(SNAKE_CASE);
  });
});
