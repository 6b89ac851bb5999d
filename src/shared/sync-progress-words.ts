/**
 * A running sync phase in words, as the status bar and the CLI's `--progress` both say it: what, done
 * of total (photos: files, then bytes of the total), percent, rate and time left. No Node or DOM types.
 */
import type { Formatters } from './i18n/formatters.js';
import type { Translate } from './i18n/translator.js';
import type { SyncProgressEvent } from './sync-events.js';
import type { ProgressFigures } from './sync-progress-figures.js';

/**
 * The parts of the phase's line, in order, for the caller to join (`' · '`). `what` names the records
 * being received (e.g. "school visits"), when the caller knows them.
 */
export function progressParts(
  say: { readonly t: Translate; readonly format: Formatters },
  progress: Pick<SyncProgressEvent, 'phase'>,
  figures: ProgressFigures,
  what = '',
): string[] {
  const { t, format } = say;
  return [
    progress.phase === 'pull' && what
      ? t('app:statusBar.phaseOf', { phase: progress.phase, what })
      : t('app:statusBar.phase', { phase: progress.phase }),
    figures.total === undefined
      ? format.number(figures.done)
      : progress.phase === 'photos'
        ? t('app:statusBar.photosOf', {
            done: format.number(figures.done),
            total: format.number(figures.total),
            count: figures.total,
          })
        : t('app:statusBar.doneOf', { done: format.number(figures.done), total: format.number(figures.total) }),
    ...(figures.bytesTotal === undefined
      ? []
      : [
          t('app:statusBar.doneOf', {
            done: format.fileSize(figures.bytesDone ?? 0),
            total: format.fileSize(figures.bytesTotal),
          }),
        ]),
    ...(figures.fraction === undefined ? [] : [format.percent(figures.fraction)]),
    ...(figures.bytesPerSecond === undefined ? [] : [format.rate(figures.bytesPerSecond)]),
    ...(figures.secondsLeft === undefined
      ? []
      : [t('app:statusBar.left', { time: format.duration(Math.max(1, figures.secondsLeft)) })]),
  ];
}
