import { join } from 'node:path';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { createLogger } from '../../log.js';
import type { Platform } from '../platform.js';
import type { SessionControl } from '../session-control.js';
import type { SettingsFile } from '../settings-file.js';
import { type CopyReport, checkTarget, copyDataFolder } from './copy-data-folder.js';
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
  readonly leftBehind: { readonly folder: string; readonly reason: string } | null;
}

/**
 * Where the officer's data lives (settings, one database per account, their photos, the demo
 * server), and moving it: refuse new requests that use the folder and let the running ones end,
 * close the store cleanly, copy and verify everything, switch the settings, the session and the
 * shell's record of the folder to the copy, and only then remove the old one. Any failure before
 * the switch completes leaves the old folder in use and untouched.
 */
export class DataFolder {
  private dir: string;
  private readonly gate = new FolderGate();

  constructor(
    dir: string,
    private readonly deps: {
      readonly session: SessionControl;
      readonly settings: SettingsFile;
      readonly platform: Platform;
    },
  ) {
    this.dir = dir;
  }

  get current(): string {
    return this.dir;
  }

  /** Runs a request that reads or writes the data folder, unless a move has it (then refused). */
  use<T>(run: () => Promise<Result<T>> | Result<T>): Promise<Result<T>> {
    return this.gate.use(run);
  }

  /**
   * Why a move cannot start now (one is running, or a photo scan would be lost), or `null`. Asked
   * again by `moveTo`; the settings screen asks first, so the officer is not sent to pick a folder for
   * a move that would only be refused.
   */
  whyNotNow(): AppError | null {
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
    // Checked with the gate still open and nothing awaited before it closes: no scan can start in between.
    const refused = this.whyNotNow();
    if (refused) return err(refused);
    const open = this.deps.session.account();
    const checked = checkTarget(from, target);
    if (!checked.ok) return checked;
    const progress = new MoveProgress(from, target, onProgress);
    const idle = this.gate.close(moveRunning(from));
    try {
      progress.start();
      // A running sync is asked to stop so a "Sync now" waiting on it ends at once; the sync starts
      // again on the account reopened after the move.
      if (open.ok) open.value.cancelSync();
      await idle;
      // The store must be closed (WAL checkpointed, no sync writing) while it is copied.
      await this.deps.session.suspend();
      const copied = await copyDataFolder(from, target, (p) => progress.copy(p));
      if (!copied.ok) {
        log.warn(`Could not copy the data to ${target}; it stays in ${from}`, copied.error);
        await this.deps.session.resume(from);
        return copied;
      }
      progress.switching();
      const switched = await this.switchTo(target, from);
      if (!switched.ok) {
        removeCopy(target, copied.value.entries);
        return switched;
      }
      const leftBehind = removeOld(from, copied.value.entries);
      log.info(`Moved the data from ${from} to ${target} (${copied.value.bytes} bytes)`);
      return ok({ ...copied.value, from, to: target, leftBehind });
    } finally {
      progress.finish();
      this.gate.open();
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
      platform.setDataFolder(to);
      return ok(undefined);
    } catch (e) {
      log.error(`Could not switch to the data in ${to}; going back to ${from}`, e);
      await session.suspend();
      await use(from);
      return err(switchFailed(from, to, e));
    }
  }
}

function removeOld(from: string, entries: readonly string[]): MoveReport['leftBehind'] {
  try {
    removeEntries(from, entries, true);
    return null;
  } catch (e) {
    log.warn(`The old data in ${from} could not be removed`, e);
    return { folder: from, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Takes back a copy that is not used after all; leftovers in the officer's new folder are harmless. */
function removeCopy(target: string, entries: readonly string[]): void {
  try {
    removeEntries(target, entries);
  } catch (e) {
    log.warn(`Some of the unused copy in ${target} could not be removed`, e);
  }
}

/**
 * The answer to a request that would use the data folder while it moves. `BAD_REQUEST` is the code
 * whose message the page shows in its own words (there is no code for "busy").
 */
export function moveRunning(from: string): AppError {
  return {
    code: 'BAD_REQUEST',
    message: 'The data folder is being moved; try again when it has finished',
    detail: `The data in ${from} is being copied to another folder; requests that use it are refused until the move has ended.`,
  };
}

/**
 * The answer to a move asked while a photo scan runs or waits for the officer's review: the scan lives
 * only in the open account, which the move closes and reopens, so it would be lost.
 */
export function photoImportOpen(): AppError {
  return {
    code: 'BAD_REQUEST',
    message: 'Finish or discard the photo import first',
    detail:
      'Photos scanned for import are waiting for review (or still being scanned). Moving the data folder reopens the account, which would drop them: import or discard them, then move the data folder.',
  };
}

function switchFailed(from: string, to: string, e: unknown): AppError {
  return {
    code: 'FILE',
    message: `Fieldsync could not start using ${to}, so your data stays in ${from}`,
    detail: e instanceof Error ? e.message : String(e),
  };
}
