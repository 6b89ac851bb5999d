/**
 * A fake of electron-updater's `autoUpdater` against a feed the test publishes to, keeping the rules
 * of the real one that the updater glue depends on: a feed URL must be set before a check; a check
 * emits `checking-for-update`, then `update-available` or `update-not-available`; `downloadUpdate`
 * before an available update rejects; `quitAndInstall` without a downloaded update does nothing
 * (electron-updater logs "No update available, can't quit and install").
 */
import { EventEmitter } from 'node:events';
import type { UpdaterEngine } from '../../src/main/electron/app-updater.js';

export class FakeAutoUpdater extends EventEmitter implements UpdaterEngine {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  logger: UpdaterEngine['logger'] = null;
  /** What the test has published at the feed: the newest version, or `null` (nothing newer). */
  published: string | null = null;
  /** A check fails with this (the server is unreachable). */
  failChecksWith: Error | null = null;
  readonly feeds: { provider: string; url: string; useMultipleRangeRequest: boolean }[] = [];
  readonly checks: string[] = [];
  readonly downloads: string[] = [];
  readonly installs: { isSilent: boolean | undefined; isForceRunAfter: boolean | undefined }[] = [];
  private available: string | null = null;
  private downloaded: string | null = null;

  setFeedURL(options: { provider: 'generic'; url: string; useMultipleRangeRequest: boolean }): void {
    this.feeds.push(options);
  }

  async checkForUpdates(): Promise<unknown> {
    const feed = this.feeds.at(-1);
    if (!feed) throw new Error('No feed URL: call setFeedURL first');
    this.checks.push(feed.url);
    this.emit('checking-for-update');
    if (this.failChecksWith) {
      const error = this.failChecksWith;
      this.emit('error', error);
      throw error;
    }
    if (this.published) {
      this.available = this.published;
      this.emit('update-available', { version: this.published });
    } else {
      this.emit('update-not-available', { version: '0.1.0' });
    }
    return { updateInfo: { version: this.published ?? '0.1.0' } };
  }

  async downloadUpdate(): Promise<unknown> {
    if (!this.available) throw new Error('Please check update first');
    this.downloads.push(this.available);
    return [];
  }

  /** The background download moves on (what electron-updater reports while it fetches ranges). */
  progress(transferred: number, total: number, bytesPerSecond = 1000): void {
    this.emit('download-progress', { transferred, total, percent: (100 * transferred) / total, bytesPerSecond });
  }

  /** The download completes and its checksum matched. */
  finishDownload(): void {
    if (!this.available) throw new Error('nothing was being downloaded');
    this.downloaded = this.available;
    this.emit('update-downloaded', { version: this.available });
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    if (!this.downloaded) return;
    this.installs.push({ isSilent, isForceRunAfter });
  }
}
