/**
 * The installed app's update glue (src/main/electron/app-updater.ts) on a fake electron-updater:
 * when it checks, that it downloads in the background with progress, asks before restarting, and
 * never restarts (or starts a download) under a running sync or photo upload.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AppUpdater,
  CHECK_EVERY_MS,
  createAppUpdater,
  updateFeedUrl,
} from '../../src/main/electron/app-updater.js';
import type { AppEvent } from '../../src/shared/ipc/events.js';
import type { UpdateStatus } from '../../src/shared/ipc/schemas/updates.js';
import { FakeAutoUpdater } from './fake-auto-updater.js';

const HOUR = 60 * 60 * 1000;
let engine: FakeAutoUpdater;
let updater: AppUpdater;
let automatic: boolean;
let serverUrl: string | null;
let seen: UpdateStatus[];

function make(options: { engine?: FakeAutoUpdater | null } = {}): AppUpdater {
  const made = createAppUpdater({
    engine: options.engine === undefined ? engine : options.engine,
    currentVersion: '0.1.0',
    feedUrl: () => updateFeedUrl(serverUrl),
    automatic: async () => automatic,
    firstCheckAfterMs: 30_000,
  });
  made.onStatus((s) => seen.push(s));
  return made;
}

const syncRunning = (running: boolean): AppEvent => ({
  kind: 'sync:status',
  status: {
    connectivity: 'online',
    running,
    progress: null,
    lastSyncedAt: null,
    lastError: null,
    queue: { pending: 0, inFlight: 0, failed: 0, needsAttention: 0 },
    openConflicts: 0,
  } as Extract<AppEvent, { kind: 'sync:status' }>['status'],
});
const uploads = (filesDone: number, filesTotal: number): AppEvent => ({
  kind: 'photos:progress',
  progress: {
    kind: 'photo-overall',
    filesDone,
    filesFailed: 0,
    filesTotal,
    bytesAcked: 0,
    bytesTotal: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
  },
});

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-01T08:00:00Z') });
  engine = new FakeAutoUpdater();
  automatic = true;
  serverUrl = 'https://sync.example.org/district';
  seen = [];
  updater = make();
});
afterEach(() => {
  updater.stop();
  vi.useRealTimers();
});

describe('checking', () => {
  it('checks the sync server feed 30 s after start, one range per request, and says nothing is newer', async () => {
    updater.start();
    expect(engine.autoDownload).toBe(false);
    expect(engine.autoInstallOnAppQuit).toBe(true);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(engine.checks).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(engine.feeds).toEqual([
      { provider: 'generic', url: 'https://sync.example.org/district/updates/', useMultipleRangeRequest: false },
    ]);
    expect(updater.status()).toMatchObject({
      state: 'idle',
      automatic: true,
      version: null,
      lastCheck: '2026-12-01T08:00:30.000Z',
    });
    expect(seen.map((s) => s.state)).toContain('checking');
  });

  it('checks again daily, not before (an hourly look, so at most an hour late and caught up after sleep)', async () => {
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS - HOUR);
    expect(engine.checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(engine.checks).toHaveLength(2);
  });

  it('with automatic checks off it never checks by itself, but a check from Settings runs', async () => {
    automatic = false;
    updater.start();
    await vi.advanceTimersByTimeAsync(3 * CHECK_EVERY_MS);
    expect(engine.checks).toEqual([]);
    expect(updater.status().automatic).toBe(false);
    await updater.check();
    expect(engine.checks).toHaveLength(1);
  });

  it('a failed check says why and is tried again within the hour, not the next day', async () => {
    engine.failChecksWith = new Error('net::ERR_INTERNET_DISCONNECTED\n at …');
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(updater.status()).toMatchObject({
      state: 'error',
      error: 'net::ERR_INTERNET_DISCONNECTED',
      lastCheck: null,
    });
    engine.failChecksWith = null;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(engine.checks).toHaveLength(2);
    expect(updater.status().state).toBe('idle');
  });

  it('without a sync server there is nothing to ask: it says so', async () => {
    serverUrl = null;
    updater.start();
    expect(await updater.check()).toMatchObject({ state: 'error', error: expect.stringMatching(/sign in/) });
    expect(engine.checks).toEqual([]);
  });

  it('a build that cannot update itself answers unsupported and never checks', async () => {
    const none = make({ engine: null });
    none.start();
    expect(await none.check()).toMatchObject({ state: 'unsupported', currentVersion: '0.1.0' });
    expect(none.restart().state).toBe('unsupported');
  });
});

describe('downloading and restarting', () => {
  it('downloads a newer version in the background with progress, then asks before restarting', async () => {
    engine.published = '0.2.0';
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(engine.downloads).toEqual(['0.2.0']);
    expect(updater.status()).toMatchObject({ state: 'downloading', version: '0.2.0' });
    engine.progress(300_000, 1_200_000, 2_500);
    expect(updater.status().progress).toEqual({
      transferred: 300_000,
      total: 1_200_000,
      percent: 25,
      bytesPerSecond: 2_500,
    });
    engine.finishDownload();
    expect(updater.status()).toMatchObject({ state: 'downloaded', version: '0.2.0', progress: null });
    // Nothing restarts until the officer says so.
    await vi.advanceTimersByTimeAsync(2 * CHECK_EVERY_MS);
    expect(engine.installs).toEqual([]);
    // A later check does not start over a version that is ready.
    expect(engine.checks).toHaveLength(1);
    updater.restart();
    expect(engine.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
  });

  it('a restart asked for while a sync runs waits for the sync to end', async () => {
    engine.published = '0.2.0';
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    engine.finishDownload();
    updater.observe(syncRunning(true));
    expect(updater.restart()).toMatchObject({ state: 'downloaded', restartWaitingFor: 'sync' });
    expect(engine.installs).toEqual([]);
    updater.observe(syncRunning(false));
    expect(engine.installs).toHaveLength(1);
    expect(updater.status().restartWaitingFor).toBeNull();
  });

  it('a restart asked for while photos upload waits for the uploads to end', async () => {
    engine.published = '0.2.0';
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    engine.finishDownload();
    updater.observe(uploads(2, 10));
    expect(updater.restart().restartWaitingFor).toBe('upload');
    updater.observe(uploads(9, 10));
    expect(engine.installs).toEqual([]);
    updater.observe(uploads(10, 10));
    expect(engine.installs).toHaveLength(1);
  });

  it('a version found while a sync runs downloads once the sync has ended', async () => {
    engine.published = '0.2.0';
    updater.start();
    updater.observe(syncRunning(true));
    expect(await updater.check()).toMatchObject({ state: 'idle', version: '0.2.0' });
    expect(engine.downloads).toEqual([]);
    updater.observe(syncRunning(false));
    expect(engine.downloads).toEqual(['0.2.0']);
  });

  it('no automatic check starts while a sync runs', async () => {
    updater.start();
    updater.observe(syncRunning(true));
    await vi.advanceTimersByTimeAsync(30_000 + HOUR);
    expect(engine.checks).toEqual([]);
    updater.observe(syncRunning(false));
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(engine.checks).toHaveLength(1);
  });

  it('restart before anything is downloaded does nothing', () => {
    updater.start();
    expect(updater.restart().state).toBe('idle');
    expect(engine.installs).toEqual([]);
  });

  it('a download that fails is reported, and a downloaded update survives a later error', async () => {
    engine.published = '0.2.0';
    updater.start();
    await vi.advanceTimersByTimeAsync(30_000);
    engine.emit('error', new Error('sha512 checksum mismatch'));
    expect(updater.status()).toMatchObject({ state: 'error', error: 'sha512 checksum mismatch' });
    await updater.check();
    engine.finishDownload();
    engine.emit('error', new Error('a later check failed'));
    expect(updater.status().state).toBe('downloaded');
  });
});

describe('updateFeedUrl', () => {
  it('is the server URL with updates/ under its path', () => {
    expect(updateFeedUrl('https://sync.example.org')).toBe('https://sync.example.org/updates/');
    expect(updateFeedUrl('https://sync.example.org/district/')).toBe('https://sync.example.org/district/updates/');
    expect(updateFeedUrl(null)).toBeNull();
  });
});
