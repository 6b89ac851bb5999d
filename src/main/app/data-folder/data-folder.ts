import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { type LocalizedText, text } from '../../../shared/i18n/message.js';
import { inEnglish, officerError } from '../../../shared/i18n/officer-error.js';
import type { DataFolderStatus } from '../../../shared/ipc/schemas/data-folder.js';
import { whyOnFile } from '../../fs/file-failure.js';
import { type LocalDisk, localDisk } from '../../fs/local-disk.js';
import { retryingFs } from '../../fs/retry-fs.js';
import { createLogger } from '../../log.js';
import type { EventHub } from '../event-hub.js';
import type { Platform } from '../platform.js';
import type { SessionControl } from '../session-control.js';
import type { SettingsFile } from '../settings-file.js';
import { type OpenedFolder, openDataLocation, whyNotDataFolder } from './check-data-folder.js';
import { type CopyReport, checkTarget, copyDataFolder } from './copy-data-folder.js';
import type { DataLocation } from './data-location.js';
import { FolderGate } from './folder-gate.js';
import { MoveProgress, type MoveProgressListener } from './move-progress.js';
import { removeEntries } from './remove-entries.js';

const log = createLogger('data-folder');

export const SETTINGS_FILE = 'settings.json';

/** What moving the data did. */
export interface MoveReport extends CopyReport {
  readonly from: string;
  readonly to: string;
  /** The old copy could not be (wholly) removed: the app already uses the new one; what is left can go by hand. */
  readonly leftBehind: { readonly folder: string; readonly reason: LocalizedText } | null;
}

/** What a data folder needs from the rest of the core. */
export interface DataFolderDeps {
  readonly session: SessionControl;
  readonly settings: SettingsFile;
  readonly platform: Platform;
  readonly hub: EventHub;
  /** The shell's record of where the data is, read again when the officer looks again. */
  readonly readLocation: () => DataLocation;
  /** The disks' kinds and permissions (the computer's own unless a test gives its stand-in). */
  readonly disk?: LocalDisk;
}

/**
 * Where the officer's data lives (settings, one database per account, their photos, the demo
 * server), and moving it: refuse new requests that use the folder and let the running ones end,
 * close the store cleanly, copy and verify everything, switch the settings, the session and the
 * shell's record of the folder to the copy, and only then remove the old one. Any failure before
 * the switch completes leaves the old folder in use and untouched.
 *
 * A data folder found missing at start (`open`) is never recreated: requests that need it are
 * refused until the officer looks again, points to it, or starts afresh (`recover`).
 */
export class DataFolder {
  private dir: string;
  private missing: Extract<DataFolderStatus, { state: 'missing' }> | null = null;
  private recovering = false;
  private readonly gate = new FolderGate();

  /**
   * `opened` is where `openDataLocation` settled the data at start: the folder to use, or a missing one
   * (then `status` says why and nothing that needs the data runs).
   */
  constructor(
    opened: OpenedFolder,
    private readonly defaultFolder: string,
    private readonly deps: DataFolderDeps,
  ) {
    this.dir = opened.folder ?? defaultFolder;
    this.note(opened);
  }

  get current(): string {
    return this.dir;
  }

  status(): DataFolderStatus {
    return this.missing ?? { state: 'ok', folder: this.dir };
  }

  /**
   * Runs a request that reads or writes the data folder, unless the folder is missing or a move has
   * it (then refused, saying why).
   */
  use<T>(run: () => Promise<Result<T>> | Result<T>): Promise<Result<T>> {
    if (this.missing) return Promise.resolve(err(folderMissing(this.missing.reason)));
    return this.gate.use(run);
  }

  /**
   * What the officer chose about a missing data folder: look again, point to the folder holding the
   * data, or start afresh in the default folder. Once the data is found the settings and the last
   * account open from it and a `dataFolder:status` event tells the screens. Answers the status (still
   * `missing`, with the reason, if the folder is still not there); refused while the folder is fine.
   */
  async recover(action: 'retry' | 'locate' | 'startFresh'): Promise<Result<DataFolderStatus>> {
    if (!this.missing || this.recovering) return ok(this.status());
    this.recovering = true;
    try {
      const { platform } = this.deps;
      const location = this.deps.readLocation();
      let opened: OpenedFolder;
      if (action === 'retry') opened = await openDataLocation(location);
      else if (action === 'startFresh') {
        await mkdir(location.defaultFolder, { recursive: true });
        await platform.setDataFolder(location.defaultFolder);
        opened = { ok: true, folder: location.defaultFolder };
      } else {
        const folder = await platform.chooseFolder();
        if (!folder) return ok(this.status());
        const why = await whyNotDataFolder(folder);
        if (why) return err(officerError('BAD_REQUEST', why, { detail: folder }));
        await platform.setDataFolder(folder);
        opened = { ok: true, folder };
      }
      if (opened.ok) await this.openFound(opened.folder);
      else this.note(opened);
      this.deps.hub.emit({ kind: 'dataFolder:status', status: this.status() });
      return ok(this.status());
    } finally {
      this.recovering = false;
    }
  }

  /** The data is there after all: settings and the last account open from it. */
  private async openFound(folder: string): Promise<void> {
    const { settings, session } = this.deps;
    settings.reopen(join(folder, SETTINGS_FILE));
    this.dir = folder;
    this.missing = null;
    log.info(`Using the data in ${folder}`);
    await session.resume(folder);
  }

  private note(opened: OpenedFolder): void {
    if (opened.ok) return;
    log.warn(`The data folder cannot be used: ${inEnglish(opened.reason)}`);
    this.missing = {
      state: 'missing',
      folder: opened.folder,
      reason: opened.reason,
      defaultFolder: this.defaultFolder,
    };
  }

  /**
   * Why a move cannot start now (one is running, or a photo scan would be lost), or `null`. Asked
   * again by `moveTo`; the settings screen asks first, so the officer is not sent to pick a folder for
   * a move that would only be refused.
   */
  whyNotNow(): AppError | null {
    if (this.missing) return folderMissing(this.missing.reason);
    if (this.gate.closed) return moveRunning(this.dir);
    const open = this.deps.session.account();
    return open.ok && open.value.photos.openScans > 0 ? photoImportOpen() : null;
  }

  /**
   * Moves the data to `target`; `onProgress` hears the move's events (throttled, see `MoveProgress`).
   * Refused before anything happens while a photo scan runs or awaits review (the move would lose it).
   */
  async moveTo(target: string, onProgress: MoveProgressListener = () => undefined): Promise<Result<MoveReport>> {
    const from = this.dir;
    const checked = checkTarget(from, target);
    if (!checked.ok) return checked;
    const unfit = await this.whyNotThere(from, target);
    if (unfit) return err(officerError('BAD_REQUEST', unfit, { detail: target }));
    // Checked with the gate still open and nothing awaited before it closes: no scan can start in between.
    const refused = this.whyNotNow();
    if (refused) return err(refused);
    const open = this.deps.session.account();
    const progress = new MoveProgress(from, target, onProgress);
    const idle = this.gate.close(moveRunning(from));
    try {
      progress.start();
      // A running sync is asked to stop so a "Sync now" waiting on it ends at once; the sync starts
      // again on the account reopened after the move.
      if (open.ok) open.value.cancelSync();
      await idle;
      // An import that was running may have left photos waiting (another program held them): they
      // live in the account the move would close.
      if (open.ok && open.value.photos.openScans > 0) return err(photoImportOpen());
      const madeTarget = await this.keepToOwner(target);
      // The store must be closed (WAL checkpointed, no sync writing) while it is copied.
      await this.deps.session.suspend();
      const copied = await copyDataFolder(from, target, (p) => progress.copy(p));
      if (!copied.ok) {
        log.warn(`Could not copy the data to ${target}; it stays in ${from}`, copied.error);
        // The copy removed what it wrote; the empty folder made for its rights goes too.
        if (madeTarget) await retryingFs.rmdir(target).catch(() => undefined);
        await this.deps.session.resume(from);
        return copied;
      }
      progress.switching();
      const switched = await this.switchTo(target, from);
      if (!switched.ok) {
        await removeCopy(target, [...new Set([...copied.value.entries, SETTINGS_FILE])]);
        return switched;
      }
      const leftBehind = await removeOld(from, copied.value.entries);
      log.info(`Moved the data from ${from} to ${target} (${copied.value.bytes} bytes)`);
      return ok({ ...copied.value, from, to: target, leftBehind });
    } finally {
      progress.finish();
      this.gate.open();
    }
  }

  /**
   * Why the data cannot live in `target`: the same folder as the data, or one inside the other, once
   * links, junctions and mapped drives are resolved (a path check alone misses them); or not a local,
   * fixed disk (a network share, a removable drive, a cloud-synced folder).
   */
  private async whyNotThere(from: string, target: string): Promise<LocalizedText | null> {
    const disk = this.deps.disk ?? localDisk();
    if (await disk.overlap(from, target)) return text('settings:dataFolder.disk.overlap', { folder: target });
    return disk.refusal(target);
  }

  /**
   * The new folder readable by the officer only where Windows would let other users read it (a drive's
   * root); when Windows refuses, the move goes on and the log says so (the data is no less safe than
   * in the old folder, which had the same inherited rights).
   */
  private async keepToOwner(target: string): Promise<boolean> {
    const disk = this.deps.disk ?? localDisk();
    if (!disk.othersMayRead(target)) return false;
    try {
      const made = (await mkdir(target, { recursive: true })) !== undefined;
      await disk.keepToOwner(target);
      log.info(`Made ${target} readable by its owner only`);
      return made;
    } catch (e) {
      log.warn(`Could not make ${target} readable by its owner only; the move goes on`, e);
      return false;
    }
  }

  /**
   * Points the settings and the session at `to`, then records it for the next starts (the commit
   * point); if any part fails, everything goes back to `from` (still whole) and the error says why.
   */
  private async switchTo(to: string, from: string): Promise<Result<void>> {
    const { session, settings, platform } = this.deps;
    const use = async (dir: string) => {
      settings.relocate(join(dir, SETTINGS_FILE));
      this.dir = dir;
      await session.resume(dir);
    };
    try {
      await use(to);
      // A folder that holds settings is recognised as the data at the next start, even if nothing
      // had been saved yet (a move before the first sign-in).
      await settings.update({});
      await platform.setDataFolder(to);
      return ok(undefined);
    } catch (e) {
      log.error(`Could not switch to the data in ${to}; going back to ${from}`, e);
      await session.suspend();
      await use(from);
      return err(switchFailed(from, to, e));
    }
  }
}

async function removeOld(from: string, entries: readonly string[]): Promise<MoveReport['leftBehind']> {
  try {
    await removeEntries(from, entries, true);
    return null;
  } catch (e) {
    log.warn(`The old data in ${from} could not be removed`, e);
    return { folder: from, reason: whyOnFile(e) };
  }
}

/** Takes back a copy that is not used after all; leftovers in the officer's new folder are harmless. */
async function removeCopy(target: string, entries: readonly string[]): Promise<void> {
  try {
    await removeEntries(target, entries);
  } catch (e) {
    log.warn(`Some of the unused copy in ${target} could not be removed`, e);
  }
}

/**
 * The answer to a request that would use the data folder while it moves (`BAD_REQUEST`: there is no
 * code for "busy"; the text says what is going on).
 */
export function moveRunning(from: string): AppError {
  return officerError('BAD_REQUEST', text('settings:dataFolder.refused.moving'), {
    detail: `The data in ${from} is being copied to another folder; requests that use it are refused until the move has ended.`,
  });
}

/** The answer to a request that needs the data while the data folder is missing: why it is missing. */
export function folderMissing(reason: LocalizedText): AppError {
  return officerError('BAD_REQUEST', reason, { detail: 'Fieldsync waits for its data folder (see Settings).' });
}

/**
 * The answer to a move asked while a photo scan runs or waits for the officer's review: the scan lives
 * only in the open account, which the move closes and reopens, so it would be lost.
 */
export function photoImportOpen(): AppError {
  return officerError('BAD_REQUEST', text('settings:dataFolder.refused.photoImport'), {
    detail:
      'Photos scanned for import are waiting for review (or still being scanned). Moving the data folder reopens the account, which would drop them: import or discard them, then move the data folder.',
  });
}

function switchFailed(from: string, to: string, e: unknown): AppError {
  return officerError('FILE', text('settings:dataFolder.refused.switchFailed', { from, to }), {
    detail: e instanceof Error ? e.message : String(e),
  });
}
