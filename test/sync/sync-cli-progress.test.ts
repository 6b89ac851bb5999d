import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../scripts/sync-cli/progress-line.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import { progressEvent as event, photoPhase as photos } from '../support/progress-events.js';

/** Prints `events` through `--progress` and returns the JSON lines it wrote. */
function printed(language: 'en' | 'fr', events: readonly SyncProgressEvent[]) {
  const lines: string[] = [];
  const print = progressPrinter(createTranslator(language, { systemLocale: null }), (line) => lines.push(line));
  for (const e of events) print(e);
  expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  return lines.map((line) => JSON.parse(line) as SyncProgressEvent & { figures: Record<string, number>; text: string });
}

describe('the sync CLI’s --progress', () => {
  it('in the photo phase: files and bytes of the total, percent by bytes, rate and time left', () => {
    const [first, later] = printed('en', photos);
    expect(first?.text).toBe('Uploading photos · 0 of 4 photos · 0 byte of 7.6 MB · 0%');
    expect(later?.figures).toMatchObject({
      done: 1,
      total: 4,
      bytesDone: 800_000,
      bytesTotal: 8_000_000,
      fraction: 0.1,
    });
    expect(later).toMatchObject({ phase: 'photos', done: 1, bytesDone: 800_000 });
    expect(later?.text).toBe(
      'Uploading photos · 1 of 4 photos · 781.3 kB of 7.6 MB · 10% · 195.3 kB/s · about 36 secs left',
    );
  });

  it('in a record phase: done of total, percent, rate and time left, as before', () => {
    const [, later] = printed('en', [
      event({ done: 0, total: 10_000, elapsedMs: 500 }),
      event({ done: 2_500, total: 10_000, elapsedMs: 5_500, bytesDown: 500_000 }),
    ]);
    expect(later?.figures).toMatchObject({ done: 2_500, total: 10_000, fraction: 0.25, secondsLeft: 15 });
    expect(later?.text).toBe('Receiving · 2,500 of 10,000 · 25% · 97.7 kB/s · about 15 secs left');
  });

  it('speaks the terminal’s language', () => {
    const [, later] = printed('fr', photos);
    expect(later?.text).toContain('Envoi des photos');
    expect(later?.text).toContain('1 sur 4 photos');
  });
});
