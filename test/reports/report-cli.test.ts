import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStoreFile } from '../../scripts/seed-store-file.js';
import { type FixtureRecord, type FixtureRecords, fixtureRecords } from './support/fixture-records.js';

const ROOT = join(import.meta.dirname, '../..');
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const hasChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
let dir: string;
let db: string;
let data: FixtureRecords;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-report-cli-'));
  db = join(dir, 'store.db');
  seedStoreFile(db, 'small');
  data = fixtureRecords('small');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** The PDF's text in reading order (poppler's pdftotext), spaces collapsed. */
const pdfText = (path: string) => execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');

/**
 * The summary's figures as printed: pdftotext -layout keeps the grid's rows, a row of labels then a row
 * of values, columns apart by two spaces or more.
 */
function printedFigures(path: string): Map<string, string> {
  const lines = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const cells = (line: string) => line.split(/\s{2,}/);
  const found = new Map<string, string>();
  lines.forEach((line, i) => {
    const labels = cells(line);
    const values = cells(lines[i + 1] ?? '');
    if (labels.length === 4 && values.length === 4 && values.every((v) => /^[\d\s.,]+( \(.*\))?$/.test(v))) {
      for (const [k, label] of labels.entries()) found.set(label, values[k] as string);
    }
  });
  return found;
}

/** What the fixture records say for a district and period: visits made, schools (not) visited, pupils. */
function figures(district: FixtureRecord, from: string, to: string) {
  const schools = data.of('school').filter((s) => s.districtId === district.id);
  const visits = data
    .of('schoolVisit')
    .filter(
      (v) =>
        schools.some((s) => s.id === v.schoolId) &&
        String(v.visitDate) >= from &&
        String(v.visitDate) <= to &&
        (v.status === 'completed' || v.status === 'in_progress'),
    );
  const visited = new Set(visits.map((v) => String(v.schoolId)));
  const ids = new Set(visits.map((v) => v.id));
  return {
    visits: visits.length,
    schools,
    notVisited: schools.filter((s) => !visited.has(s.id)),
    pupils: data.of('pupilAssessment').filter((a) => ids.has(String(a.schoolVisitId))).length,
  };
}

describe('npm run report prints the district report to PDF', () => {
  it.skipIf(!hasPdftotext || !hasChromium)(
    'in English: office, area, period, page numbers and the figures the fixtures imply',
    () => {
      const district = data.of('district')[1] as FixtureRecord;
      const out = join(dir, 'report.pdf');
      const run = cli('report-cli.ts', [
        '--db',
        db,
        '--district',
        String(district.name),
        '--from',
        '2026-03-01',
        '--to',
        '2026-04-30',
        '--out',
        out,
        '--lang',
        'en',
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const summary = JSON.parse(run.stdout) as { bytes: number; visits: number };
      const expected = figures(district, '2026-03-01', '2026-04-30');
      expect(summary.visits).toBe(expected.visits);
      const text = pdfText(out);
      expect(text).toContain('DEMO MINISTRY OF EDUCATION');
      expect(text).toContain(`District report · ${district.name}`);
      expect(text).toContain('1 Mar 2026 to 30 Apr 2026');
      expect(text).toMatch(/page 1 of \d+/);
      const printed = printedFigures(out);
      expect(printed.get('Visits made')).toBe(String(expected.visits));
      expect(printed.get('Pupils assessed')).toBe(String(expected.pupils));
      expect(printed.get('Schools')).toBe(String(expected.schools.length));
      expect(printed.get('Schools visited')).toMatch(
        new RegExp(`^${expected.schools.length - expected.notVisited.length} \\(`),
      );
      for (const school of expected.schools) expect(text).toContain(String(school.name));
      expect(expected.notVisited.length).toBeGreaterThan(0);
      expect(text.split('Not visited').length - 1).toBe(expected.notVisited.length);
      expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    },
  );

  it.skipIf(!hasPdftotext || !hasChromium)('in French: words, dates and page numbers follow the language', () => {
    const out = join(dir, 'rapport.pdf');
    const run = cli('report-cli.ts', ['--db', db, '--from', '2026-01-01', '--to', '2026-06-30', '--out', out], {
      LANG: 'fr_FR.UTF-8',
    });
    expect(run.status).toBe(0);
    const text = pdfText(out);
    expect(text).toContain('Rapport de district · Tous les districts');
    expect(text).toContain('du 1 janv. 2026 au 30 juin 2026');
    expect(text).toMatch(/page 1 sur \d+/);
    expect(text).toContain('Visites par mois');
    expect(text).toContain('À valider');
  });

  it('bad input exits 2 with one line and writes nothing', () => {
    const out = join(dir, 'never.pdf');
    const badDate = cli('report-cli.ts', ['--db', db, '--from', '2026-13-01', '--to', '2026-12-31', '--out', out]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr.trim().split('\n')).toEqual([
      '“2026-13-01” is not a date: write it as YYYY-MM-DD, for example 2026-03-31.',
    ]);
    const unknown = cli('export-cli.ts', [
      '--db',
      db,
      '--entity',
      'visits',
      '--district',
      'Atlantis',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual(['This store holds no district named “Atlantis”.']);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});
