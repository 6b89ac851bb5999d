import { join } from 'node:path';
import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import type { Platform } from '../platform.js';
import type { SessionControl } from '../session-control.js';
import type { SettingsFile } from '../settings-file.js';
import { type CopyReport, checkTarget, copyDataFolder, removeEntries } from './copy-data-folder.js';

const log = createLogger('data-folder');

export const SETTINGS_FILE = 'settings.json';

/** What moving the data did. */
export interface MoveReport extends CopyReport {
  readonly from: string;
  readonly to: string;
  /** Why the old copy is still there, when it could not be removed (the app already uses the new one). */
  readonly leftBehind: string | null;
}

/**
 * Where the officer's data lives (settings, one database per account, their photos, the demo
 * server), and moving it: close the store cleanly, copy and verify everything, switch the settings,
 * the session and the shell's record of the folder to the copy, and only then remove the old one.
 * Any failure before the switch completes leaves the old folder in use and untouched.
 */
export class DataFolder {
  private dir: string;
  private moving = false;

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

  async moveTo(target: string): Promise<Result<MoveReport>> {
    if (this.moving) return err({ code: 'BAD_REQUEST', message: 'Your data is already being moved' });
    const from = this.dir;
    const checked = checkTarget(from, target);
    if (!checked.ok) return checked;
    this.moving = true;
    try {
      // The store must be closed (WAL checkpointed, no sync writing) while it is copied.
      await this.deps.session.suspend();
      const copied = await copyDataFolder(from, target);
      if (!copied.ok) {
        log.warn(`Could not copy the data to ${target}; it stays in ${from}`, copied.error);
        await this.deps.session.resume(from);
        return copied;
      }
      const switched = await this.switchTo(target, from);
      if (!switched.ok) {
        removeEntries(target, copied.value.entries);
        return switched;
      }
      const leftBehind = removeOld(from, copied.value.entries);
      log.info(`Moved the data from ${from} to ${target} (${copied.value.bytes} bytes)`);
      return ok({ ...copied.value, from, to: target, leftBehind });
    } finally {
      this.moving = false;
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

function removeOld(from: string, entries: readonly string[]): string | null {
  try {
    removeEntries(from, entries, true);
    return null;
  } catch (e) {
    log.warn(`The old data in ${from} could not be removed`, e);
    return e instanceof Error ? e.message : String(e);
  }
}

function switchFailed(from: string, to: string, e: unknown): AppError {
  return {
    code: 'FILE',
    message: `Fieldsync could not start using ${to}, so your data stays in ${from}`,
    detail: e instanceof Error ? e.message : String(e),
  };
}
