import { type BrowserWindow, Notification } from 'electron';
import type { AppEvent } from '../../shared/ipc/events.js';

/**
 * Shows a long sync or photo upload on the Windows taskbar button (a bar, or an indeterminate one
 * while the total is unknown) and tells the officer with a notification when it ends.
 */
export function taskbarProgress(win: Pick<BrowserWindow, 'isDestroyed' | 'setProgressBar'>): (event: AppEvent) => void {
  let showing = false;
  const set = (value: number, mode?: 'normal' | 'indeterminate' | 'error') => {
    if (!win.isDestroyed()) win.setProgressBar(value, mode ? { mode } : undefined);
  };
  return (event) => {
    switch (event.kind) {
      case 'sync:progress': {
        const { phase, done, total } = event.progress;
        if (phase === 'idle') return;
        showing = true;
        if (total) set(Math.min(1, done / total));
        else set(2, 'indeterminate');
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
          notify(
            'Photo upload finished',
            `${filesDone} of ${filesTotal} photos uploaded${filesFailed ? `, ${filesFailed} failed` : ''}.`,
          );
        }
        return;
      }
      case 'sync:finished': {
        const { summary } = event;
        if (!showing) return;
        showing = false;
        set(-1);
        // Only a sync long enough to have shown progress is worth a notification.
        if (summary.ms < 5_000 && !summary.error) return;
        notify(
          summary.error ? 'Sync did not finish' : 'Sync finished',
          summary.error
            ? `${summary.error.message} Your changes are kept on this computer.`
            : `${summary.pulled} records received, ${summary.pushed} changes sent.`,
        );
        return;
      }
      default:
        return;
    }
  };
}

function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
}
