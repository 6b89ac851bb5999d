import { beforeEach, describe, expect, it, vi } from 'vitest';
import { taskbarProgress } from '../../src/main/electron/taskbar-progress.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';
import type { AppEvent, AppEventOf } from '../../src/shared/ipc/events.js';
import type { SyncPhase } from '../../src/shared/sync-events.js';
import { BrowserWindow, Notification, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const translator = createTranslator('en');
let win: BrowserWindow;
let onEvent: (event: AppEvent) => void;
beforeEach(async () => {
  resetFakeElectron();
  await translator.setLanguage('en');
  win = new BrowserWindow();
  onEvent = taskbarProgress(win, translator.t);
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

  it('raises no notification for a sync that finished, changed nothing, or failed on a dead link (all day on 2G)', () => {
    for (let i = 0; i < 3; i++) {
      onEvent(syncProgress('pull', 10));
      onEvent(syncFinished({ ms: 9_000 }));
      onEvent(syncFinished({ pulled: 0, pushed: 0, ms: 60_000 }));
      onEvent(syncProgress('pull', 10));
      onEvent(syncFinished({ ms: 300, error: { code: 'NETWORK', message: 'The server could not be reached.' } }));
    }
    expect(bar()).toEqual(Array(3).fill(['2:indeterminate', -1, '2:indeterminate', -1]).flat());
    expect(Notification.shown).toEqual([]);
  });

  it('tells the officer about records in conflict, and about changes newly needing attention once', () => {
    onEvent(syncFinished({ conflicts: 2 }));
    onEvent(syncFinished({ needsAttention: 1 }));
    // The same change still waiting, sync after sync: no news.
    onEvent(syncFinished({ needsAttention: 1 }));
    onEvent(syncFinished({ needsAttention: 0 }));
    onEvent(syncFinished({ needsAttention: 3 }));
    expect(Notification.shown).toEqual([
      {
        title: 'Records changed on both sides',
        body: '2 records were changed here and on the server. Open Conflicts to check them.',
        silent: true,
      },
      {
        title: 'Changes need your attention',
        body: 'One change was not accepted by the server. Open Queue to see why.',
        silent: true,
      },
      {
        title: 'Changes need your attention',
        body: '3 changes were not accepted by the server. Open Queue to see why.',
        silent: true,
      },
    ]);
  });

  it('notifies nothing while the officer is looking at the window (the screens show it)', () => {
    win.focused = true;
    onEvent(syncFinished({ conflicts: 1, needsAttention: 1 }));
    onEvent(photos(0, 0, 1, 0, 10));
    onEvent(photos(1, 0, 1, 10, 10));
    expect(Notification.shown).toEqual([]);
  });

  it('speaks the officer’s language, and follows a switch at once', async () => {
    await translator.setLanguage('fr');
    onEvent(syncFinished({ conflicts: 1 }));
    await translator.setLanguage('pt');
    onEvent(syncFinished({ needsAttention: 2 }));
    expect(Notification.shown.map((n) => n.body)).toEqual([
      'Un enregistrement a été modifié ici et sur le serveur. Ouvrez Conflits pour le vérifier.',
      '2 alterações não foram aceites pelo servidor. Abra a fila para ver porquê.',
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
      {
        title: 'Photos uploaded',
        body: '3 of 4 photos uploaded; 1 could not be sent and will be tried again.',
        silent: true,
      },
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
