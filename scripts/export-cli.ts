/**
 * `npm run export -- --db <store file> --entity <type> [--district <name>] [--review pending|approved|flagged]
 *    [--from <YYYY-MM-DD> --to <YYYY-MM-DD>] --format xlsx|csv --out <file> [--lang fr]`
 * Exports one list from a local store exactly as the app does (same SQL, same writer, headers in the
 * chosen language) and prints a JSON summary: rows, bytes, ms and the process's peak RSS. Bad input
 * (a date that is not one, a district the store does not hold, an unknown type) exits 2 with one line.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeExport } from '../src/main/reports/export-file.js';
import { LocalStore } from '../src/main/store/index.js';
import {
  EXPORT_ENTITIES,
  EXPORT_FORMATS,
  type ExportEntity,
  type ExportFilter,
  type ExportFormat,
} from '../src/shared/reports/export-request.js';
import { logToStderr } from './cli-log.js';
import { cliTranslator } from './cli-translator.js';
import { reportArea, runCli, UsageError } from './report-cli-input.js';

logToStderr();
const words = cliTranslator();

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      entity: { type: 'string' },
      district: { type: 'string' },
      review: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
    },
  });
  if (!values.db || !values.entity || !values.out) throw new UsageError(words.t('reports:cli.exportUsage'));
  if (!EXPORT_ENTITIES.includes(values.entity as ExportEntity))
    throw new UsageError(
      words.t('reports:cli.unknownEntity', { value: values.entity, known: EXPORT_ENTITIES.join(', ') }),
    );
  const format = (values.format ?? values.out.split('.').pop()?.toLowerCase()) as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(words.t('reports:cli.unknownFormat', { value: format }));
  if (values.review && !['pending', 'approved', 'flagged'].includes(values.review))
    throw new UsageError(words.t('reports:cli.unknownReview', { value: values.review }));
  if (!existsSync(values.db)) throw new UsageError(words.t('reports:cli.noStore', { db: values.db }));
  const store = LocalStore.open({ path: values.db });
  try {
    const area = reportArea(store.read, words, values);
    const filter: ExportFilter = { ...area, ...(values.review ? { reviewStatus: values.review } : {}) };
    const result = await writeExport({
      reads: store.read,
      entity: values.entity as ExportEntity,
      filter,
      format,
      out: values.out,
      translator: words,
    });
    if (!result.ok) {
      process.stderr.write(`${result.error.message}\n`);
      return 1;
    }
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    const cpu = process.cpuUsage();
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    process.stdout.write(`${JSON.stringify({ ...result.value, out: values.out, peakRssMB, cpuMs })}\n`);
    return 0;
  } finally {
    store.close();
  }
}

runCli(main);
