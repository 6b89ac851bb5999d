import type { StoreReads } from '../src/main/store/index.js';
import type { Translator } from '../src/shared/i18n/translator.js';
import { isCalendarDate } from '../src/shared/reports/export-request.js';

/** Bad command-line input: said in one line, exit code 2. */
export class UsageError extends Error {}

/**
 * The area and period the export and report tools share: `--district` by name (one the store holds),
 * `--from` and `--to` as calendar dates, `from` not after `to`.
 */
export function reportArea(
  reads: Pick<StoreReads, 'districtsNamed'>,
  words: Pick<Translator, 't'>,
  values: { district?: string; from?: string; to?: string },
): { districtId?: string; districtName?: string; from?: string; to?: string } {
  for (const date of [values.from, values.to])
    if (date !== undefined && !isCalendarDate(date))
      throw new UsageError(words.t('reports:cli.badDate', { value: date }));
  if (values.from && values.to && values.from > values.to)
    throw new UsageError(words.t('reports:cli.fromAfterTo', { from: values.from, to: values.to }));
  const area: { districtId?: string; districtName?: string; from?: string; to?: string } = {};
  if (values.from) area.from = values.from;
  if (values.to) area.to = values.to;
  if (values.district !== undefined) {
    const [district] = reads.districtsNamed(values.district);
    if (!district) throw new UsageError(words.t('reports:cli.unknownDistrict', { name: values.district }));
    area.districtId = district.id;
    area.districtName = district.name;
  }
  return area;
}

/** Runs a tool's `main`: its result is the exit code; bad input says its one line and exits 2. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      throw error;
    },
  );
}
