import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { AppErrorException, err, ok, type Result } from '../../shared/errors.js';
import { entityWords } from '../../shared/i18n/entity-words.js';
import type { Translator } from '../../shared/i18n/translator.js';
import type { ExportEntity, ExportFilter, ExportFormat, ExportSummary } from '../../shared/reports/export-request.js';
import { questionLabel } from '../../shared/reports/report-labels.js';
import { type FileOps, retryingFs } from '../fs/retry-fs.js';
import type { ExportColumn, ExportRow, StoreReads } from '../store/index.js';
import { fileError } from './file-error.js';

export interface ExportProgress {
  readonly done: number;
  readonly total: number;
}

export interface ExportOptions {
  readonly reads: Pick<StoreReads, 'exportRows'>;
  readonly entity: ExportEntity;
  readonly filter: ExportFilter;
  readonly format: ExportFormat;
  /** The file to write; it appears only when the export is complete. */
  readonly out: string;
  /** Headers, enumeration values and yes/no in the officer's language. */
  readonly translator: Pick<Translator, 'lookup' | 't'>;
  /** After each page of rows (a few hundred to a few thousand). */
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * Moves the finished file into place and removes a failed one's temporary: retried while another
   * program holds the target for a moment (OneDrive syncing the Desktop, the antivirus).
   */
  readonly fs?: FileOps;
}

/** Cells as one file format writes them; `null` leaves the cell empty. */
type Cell = string | number | boolean | Date | null;

/**
 * Writes one filtered list to .xlsx (exceljs' streaming writer: typed dates and numbers, a frozen and
 * filtered header row, column widths) or CSV (UTF-8 with a BOM so Excel reads it as UTF-8, RFC 4180
 * quoting, CRLF). Rows come from the store a page at a time and go out before the next page is read,
 * so memory stays flat whatever the size. The file is written beside the target under a temporary name
 * and renamed at the end: a cancelled or failed export (full disk, unwritable folder) leaves nothing.
 */
export async function writeExport(options: ExportOptions): Promise<Result<ExportSummary>> {
  const started = performance.now();
  const temp = join(dirname(options.out), `.${basename(options.out)}.${randomBytes(4).toString('hex')}.part`);
  let file: WriteStream | undefined;
  try {
    const cursor = options.reads.exportRows(options.entity, options.filter);
    const words = cellWords(options.translator);
    file = await openFile(temp);
    const sink = new FileSink(file);
    const pages = withQuestionLabels(cursor.pages(), cursor.columns, options.translator);
    const write = options.format === 'xlsx' ? writeXlsx : writeCsv;
    const rows = await write({ sink, options, columns: cursor.columns, words, pages, total: cursor.total });
    await sink.close();
    await (options.fs ?? retryingFs).rename(temp, options.out);
    const bytes = (await stat(options.out)).size;
    return ok({
      entity: options.entity,
      format: options.format,
      rows,
      bytes,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    file?.destroy();
    await (options.fs ?? retryingFs).rm(temp, { force: true }).catch(() => undefined);
    if (error instanceof AppErrorException) return err(error.error);
    const failure = fileError(error, options.out);
    if (failure) return err(failure);
    throw error;
  }
}

/** Opens the temporary file, failing at once (unwritable folder) rather than at the first write. */
function openFile(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: 'wx' });
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}

/** The file stream with its first error kept: a write error ends the export at the next page. */
class FileSink {
  private failure: Error | undefined;

  constructor(readonly stream: WriteStream) {
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves when the stream can take more (CSV writes itself; exceljs pipes into it). */
  async drained(): Promise<void> {
    this.check();
    if (this.stream.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    // Let the zip's deflate and the file system catch up before the next page is read.
    await new Promise((resolve) => setImmediate(resolve));
    this.check();
  }

  /** Ends the file and waits until it is on disk (closed), or fails with its error. */
  close(): Promise<void> {
    this.check();
    return new Promise((resolve, reject) => {
      if (this.stream.closed) return this.failure ? reject(this.failure) : resolve();
      this.stream.once('close', () => (this.failure ? reject(this.failure) : resolve()));
      if (!this.stream.writableEnded) this.stream.end();
    });
  }
}

/** Rows whose unlabelled monitoring questions are named as the report names them (`questionLabel`). */
function* withQuestionLabels(
  pages: Generator<ExportRow[]>,
  columns: readonly ExportColumn[],
  translator: Pick<Translator, 't'>,
): Generator<ExportRow[]> {
  const named = columns.filter((column) => column.unlabelledQuestion);
  for (const page of pages) {
    for (const row of page)
      for (const column of named) {
        const position = row[column.unlabelledQuestion?.position ?? ''];
        const label = row[column.key];
        row[column.key] = questionLabel(
          { label: typeof label === 'string' ? label : null, position: typeof position === 'number' ? position : null },
          translator.t,
        );
      }
    yield page;
  }
}

interface CellWords {
  header(column: ExportColumn): string;
  value(column: ExportColumn, value: string): string;
  yes: string;
  no: string;
  sheet(entity: ExportEntity): string;
}

function cellWords(translator: Pick<Translator, 'lookup'>): CellWords {
  const words = entityWords(translator.lookup);
  const say = (key: string) => translator.lookup(key) ?? key;
  return {
    header: (column) => say(`reports:export.columns.${column.key}`),
    value: (column, value) => (column.values ? words.value(column.values.entity, column.values.field, value) : value),
    yes: say('reports:export.yes'),
    no: say('reports:export.no'),
    sheet: (entity) => say(`reports:export.sheets.${entity}`),
  };
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppErrorException({ code: 'CANCELLED', message: 'The export was cancelled.' });
}

/** `2026-03-02` as the UTC midnight exceljs turns into a whole Excel date serial. */
function calendarDate(value: string): Date {
  return new Date(`${value.slice(0, 10)}T00:00:00Z`);
}

/**
 * An instant as the wall-clock time of this PC, expressed as UTC: Excel has no time zones, and exceljs
 * writes a Date's UTC fields, so the officer reads the time their own clock showed.
 */
function wallClock(value: string): Date {
  const instant = new Date(value);
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
}

function xlsxCell(column: ExportColumn, value: string | number | null, words: CellWords): Cell {
  if (value === null || value === '') return null;
  switch (column.kind) {
    case 'date':
      return calendarDate(String(value));
    case 'datetime':
      return wallClock(String(value));
    case 'bool':
      return value === 1 || value === '1';
    case 'int':
    case 'real':
      return Number(value);
    case 'text':
      return words.value(column, String(value));
  }
}

/** Excel's built-in formats 14 and 22: shown in the PC's own short date (and time) order. */
const NUM_FMT: Partial<Record<ExportColumn['kind'], string>> = {
  date: 'mm-dd-yy',
  datetime: 'm/d/yy h:mm',
  real: '0.######',
};

/** Column widths from the header and the first page's values (characters; Excel's own unit). */
function widths(columns: readonly ExportColumn[], first: readonly ExportRow[], words: CellWords): number[] {
  return columns.map((column) => {
    let longest = words.header(column).length;
    if (column.kind === 'date') longest = Math.max(longest, 10);
    else if (column.kind === 'datetime') longest = Math.max(longest, 16);
    else
      for (const row of first.slice(0, 500)) {
        const value = row[column.key];
        if (value !== null && value !== undefined)
          longest = Math.max(longest, words.value(column, String(value)).length);
      }
    return Math.min(60, Math.max(10, longest + 2));
  });
}

/** An Excel sheet name: at most 31 characters, none of `[]:*?/\`. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** What both file writers take: the open file, the request, the columns and the store's pages of rows. */
interface WriteJob {
  readonly sink: FileSink;
  readonly options: ExportOptions;
  readonly columns: readonly ExportColumn[];
  readonly words: CellWords;
  readonly pages: Generator<ExportRow[]>;
  readonly total: number;
}

async function writeXlsx({ sink, options, columns, words, pages, total }: WriteJob): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink.stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName(words.sheet(options.entity)), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  let first = pages.next();
  const firstPage = first.done ? [] : first.value;
  const columnWidths = widths(columns, firstPage, words);
  sheet.columns = columns.map((column, i) => ({
    key: column.key,
    width: columnWidths[i],
    style: NUM_FMT[column.kind] ? { numFmt: NUM_FMT[column.kind] } : {},
  }));
  const header = sheet.addRow(columns.map((column) => words.header(column)));
  header.font = { bold: true };
  header.commit();
  let rows = 0;
  const values: Cell[] = new Array(columns.length);
  while (!first.done) {
    throwIfCancelled(options.signal);
    for (const row of first.value) {
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as ExportColumn;
        values[i] = xlsxCell(column, row[column.key] ?? null, words);
      }
      sheet.addRow(values).commit();
      rows++;
    }
    options.onProgress?.({ done: rows, total });
    await sink.drained();
    first = pages.next();
  }
  throwIfCancelled(options.signal);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows + 1, column: columns.length } };
  sheet.commit();
  await Promise.race([workbook.commit(), failureOf(sink)]);
  return rows;
}

/** Rejects when the file stream fails (exceljs would otherwise wait for a `finish` that never comes). */
function failureOf(sink: FileSink): Promise<never> {
  return new Promise((_, reject) => sink.stream.once('error', reject));
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text typed in the field that Excel would run as a formula when it opens the CSV (`=HYPERLINK(…)`,
 * `@SUM(…)`, `+cmd|…`, a tab or carriage return before one) gets a leading apostrophe, as OWASP advises,
 * so Excel shows it as text. A phone number or plain number after `+`/`-` (`+254 771 803 153`) carries no
 * formula and stays as typed. Only CSV needs this: the .xlsx writer stores text as text cells.
 */
export function inertText(text: string): string {
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-][\d\s().-]*$/.test(text)) return `'${text}`;
  return text;
}

function csvCell(column: ExportColumn, value: string | number | null, words: CellWords): string {
  if (value === null) return '';
  if (column.kind === 'bool') return value === 1 || value === '1' ? words.yes : words.no;
  if (column.kind === 'text') return csvField(inertText(words.value(column, String(value))));
  return String(value);
}

async function writeCsv({ sink, options, columns, words, pages, total }: WriteJob): Promise<number> {
  sink.stream.write(`\uFEFF${columns.map((column) => csvField(words.header(column))).join(',')}\r\n`);
  let rows = 0;
  for (const page of pages) {
    throwIfCancelled(options.signal);
    let chunk = '';
    for (const row of page) {
      chunk += columns.map((column) => csvCell(column, row[column.key] ?? null, words)).join(',');
      chunk += '\r\n';
    }
    rows += page.length;
    sink.stream.write(chunk);
    options.onProgress?.({ done: rows, total });
    await sink.drained();
  }
  throwIfCancelled(options.signal);
  return rows;
}
