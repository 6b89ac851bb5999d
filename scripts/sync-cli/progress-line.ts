import type { Formatters } from '../../src/shared/i18n/formatters.js';
import type { Translate } from '../../src/shared/i18n/translator.js';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import { type PhaseStart, phaseStartOf, progressFigures } from '../../src/shared/sync-progress-figures.js';
import { progressParts } from '../../src/shared/sync-progress-words.js';

/**
 * `--progress`: one JSON line per progress event on stderr, for scripts (the event and its `figures`:
 * done of total, percent, rate, time left, and in the photo phase the bytes of the total), and `text`,
 * the status bar's line in the terminal's language for people.
 */
export function progressPrinter(
  say: { readonly t: Translate; readonly format: Formatters },
  write: (line: string) => void,
): (event: SyncProgressEvent) => void {
  let start: PhaseStart | undefined;
  return (event) => {
    start = phaseStartOf(event, start);
    const figures = progressFigures(event, start);
    write(`${JSON.stringify({ ...event, figures, text: progressParts(say, event, figures).join(' · ') })}\n`);
  };
}
