import { beforeEach, describe, expect, it, vi } from 'vitest';
import { taskbarProgress } from '../../src/main/electron/taskbar-progress.js';
import type { AppEvent, AppEventOf } from '../../src/shared/ipc/events.js';
import type { SyncPhase } from '../../src/shared/sync-events.js';
import { BrowserWindow, Notification, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let win: BrowserWindow;
let onEvent: (event: AppEvent) => void;
beforeEach(() => {
  resetFakeElectron();
  win = new BrowserWindow();
  onEvent = taskbarProgress(win);
});

const bar = () => win.progress.map((p) => (p.options ? `${p.value}:${p.options.mode}` : p.value));

function syncProgress(phase: SyncPhase, done: number, total?: number): AppEvent {
  return {
    kind: 'sync:progress',
    progress: {
      kind: 'sync-progress',
      syncId: 1,
      phase,
      done,
      ...(total === undefined ? {} : { total }),
      pulled: 0,
      pushed: 0,
      requests: 1,
      bytesDown: 0,
      bytesUp: 0,
      elapsedMs: 10,
    },
  };
}

function syncFinished(summary: Partial<AppEventOf<'sync:finished'>['summary']> = {}): AppEvent {
  return {
    kind: 'sync:finished',
    summary: { pulled: 120, pushed: 4, conflicts: 0, needsAttention: 0, pending: 0, ms: 9_000, ...summary },
  };
}

function photos(filesDone: number, filesFailed: number, filesTotal: number, bytesAcked: number, bytesTotal: number) {
  return {
    kind: 'photos:progress',
    progress: {
      kind: 'photo-overall',
      filesDone,
      filesFailed,
      filesTotal,
      bytesAcked,
      bytesTotal,
      bytesPerSecond: 1,
      etaSeconds: null,
    },
  } satisfies AppEvent;
}

describe('the taskbar during a sync', () => {
  it('is indeterminate while the total is unknown, follows done/total, and clears at the end', () => {
    onEvent(syncProgress('pull', 0));
    onEvent(syncProgress('pull', 500));
    onEvent(syncProgress('push', 1, 4));
    onEvent(syncProgress('push', 3, 4));
    onEvent(syncProgress('push', 5, 4));
    onEvent(syncProgress('idle', 4, 4));
    onEvent(syncFinished({ ms: 1_200 }));
    expect(bar()).toEqual(['2:indeterminate', '2:indeterminate', 0.25, 0.75, 1, -1]);
    // A short sync is not worth interrupting the officer for.
    expect(Notification.shown).toEqual([]);
  });

  it('tells the officer when a long sync ends, and why one did not finish whatever its length', () => {
    onEvent(syncProgress('pull', 10));
    onEvent(syncFinished({ ms: 9_000 }));
    onEvent(syncProgress('pull', 10));
    onEvent(syncFinished({ ms: 300, error: { code: 'NETWORK', message: 'The server could not be reached.' } }));
    expect(bar()).toEqual(['2:indeterminate', -1, '2:indeterminate', -1]);
    expect(Notification.shown).toEqual([
      { title: 'Sync finished', body: '120 records received, 4 changes sent.', silent: true },
      {
        title: 'Sync did not finish',
        body: 'The server could not be reached. Your changes are kept on this computer.',
        silent: true,
      },
    ]);
  });

  it('leaves the taskbar alone for a sync that showed no progress (a background check)', () => {
    onEvent(syncProgress('idle', 0));
    onEvent(syncFinished({ error: { code: 'NETWORK', message: 'Offline.' } }));
    expect(bar()).toEqual([]);
    expect(Notification.shown).toEqual([]);
  });
});

describe('the taskbar during a photo upload', () => {
  it('follows the bytes acknowledged, clears at the end and says how many went', () => {
    onEvent(photos(0, 0, 4, 0, 4_000));
    onEvent(photos(1, 0, 4, 1_000, 4_000));
    onEvent(photos(2, 1, 4, 3_000, 4_000));
    onEvent(photos(3, 1, 4, 4_000, 4_000));
    expect(bar()).toEqual([0, 0.25, 0.75, -1]);
    expect(Notification.shown).toEqual([
      { title: 'Photo upload finished', body: '3 of 4 photos uploaded, 1 failed.', silent: true },
    ]);
  });

  it('ignores per-file and scan events, and a run with nothing to upload', () => {
    onEvent({
      kind: 'photos:progress',
      progress: { kind: 'photo-scan', filesSeen: 3, filesProcessed: 1, bytesHashed: 10 },
    });
    onEvent({
      kind: 'photos:progress',
      progress: { kind: 'photo-file', sha256: 'a', originalName: 'a.jpg', state: 'uploading', bytesAcked: 1, size: 2 },
    });
    onEvent(photos(0, 0, 0, 0, 0));
    onEvent({ kind: 'queue:changed', counts: { pending: 1, inFlight: 0, failed: 0, needsAttention: 0 } });
    expect(bar()).toEqual([]);
    expect(Notification.shown).toEqual([]);
  });
});

describe('the taskbar when the window or notifications are gone', () => {
  it('does not touch a destroyed window', () => {
    win.destroyQuietly();
    expect(() => {
      onEvent(syncProgress('push', 1, 2));
      onEvent(syncFinished());
    }).not.toThrow();
    expect(bar()).toEqual([]);
  });

  it('still clears the bar where the system has no notifications', () => {
    Notification.supported = false;
    onEvent(syncProgress('push', 1, 2));
    onEvent(syncFinished());
    expect(bar()).toEqual([0.5, -1]);
    expect(Notification.shown).toEqual([]);
  });
});
