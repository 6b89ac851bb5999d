import { type BrowserWindow, Notification } from 'electron';
import type { Translate } from '../../shared/i18n/translator.js';
import type { AppEvent } from '../../shared/ipc/events.js';
import { taskbarBar } from '../../shared/sync-progress-figures.js';

/** What of the window the taskbar and the notifications use. */
export type TaskbarWindow = Pick<BrowserWindow, 'isDestroyed' | 'setProgressBar' | 'isFocused'>;

/**
 * Shows a long sync or photo upload on the Windows taskbar button (a bar, or an indeterminate one
 * while the total is unknown), and raises a Windows notification only for what needs the officer:
 * records in conflict, records newly needing attention, a photo upload that finished. Automatic
 * syncs run every few minutes all day, mostly on 2G, and each toast stays in Action Center: a sync
 * that merely finished, changed nothing or failed on a dead link (the status bar says so, and it
 * retries on its own) notifies nothing. Nothing is notified while the officer is looking at the
 * window, which already shows it. Words come from the `shell` catalog in the officer's language.
 */
export function taskbarProgress(win: TaskbarWindow, t: Translate): (event: AppEvent) => void {
  let showing = false;
  /** Records waiting for the officer after the last sync: only a rise is news. */
  let needsAttention = 0;
  const set = (value: number, mode?: 'normal' | 'indeterminate' | 'error') => {
    if (!win.isDestroyed()) win.setProgressBar(value, mode ? { mode } : undefined);
  };
  const notify = (title: string, body: string) => {
    if (win.isDestroyed() || win.isFocused() || !Notification.isSupported()) return;
    new Notification({ title, body, silent: true }).show();
  };
  return (event) => {
    switch (event.kind) {
      case 'sync:progress': {
        // The status bar's measure (`taskbarBar`): photos by bytes, records by count.
        const bar = taskbarBar(event.progress);
        if (!bar) return;
        showing = true;
        set(bar.value, bar.mode);
        return;
      }
      case 'photos:progress': {
        if (event.progress.kind !== 'photo-overall') return;
        const { bytesAcked, bytesTotal, filesDone, filesFailed, filesTotal } = event.progress;
        if (bytesTotal > 0 && filesDone + filesFailed < filesTotal) {
          showing = true;
          set(bytesAcked / bytesTotal);
        } else if (showing && filesTotal > 0) {
          showing = false;
          set(-1);
          if (filesDone > 0) {
            notify(
              t('shell:notify.photosUploaded.title'),
              t('shell:notify.photosUploaded.body', { done: filesDone, total: filesTotal, failed: filesFailed }),
            );
          }
        }
        return;
      }
      case 'sync:finished': {
        const { summary } = event;
        if (showing) {
          showing = false;
          set(-1);
        }
        if (summary.error) return;
        const risen = summary.needsAttention > needsAttention;
        needsAttention = summary.needsAttention;
        if (summary.conflicts > 0) {
          notify(t('shell:notify.conflicts.title'), t('shell:notify.conflicts.body', { count: summary.conflicts }));
        } else if (risen) {
          notify(
            t('shell:notify.needsAttention.title'),
            t('shell:notify.needsAttention.body', { count: summary.needsAttention }),
          );
        }
        return;
      }
      default:
        return;
    }
  };
}
