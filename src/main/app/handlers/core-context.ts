import type { Result } from '../../../shared/errors.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import type { DataFolder } from '../data-folder/data-folder.js';
import type { EventHub } from '../event-hub.js';
import type { OpenAccount } from '../open-account.js';
import type { Platform } from '../platform.js';
import type { SessionControl } from '../session-control.js';
import type { SettingsFile } from '../settings-file.js';

/** What the channel handlers work with. */
export interface CoreContext {
  /** Where the data lives now (the officer can move it). */
  readonly data: DataFolder;
  readonly hub: EventHub;
  readonly settings: SettingsFile;
  readonly session: SessionControl;
  readonly platform: Platform;
  /** Main's own words (dialogs, notifications, taskbar) in the officer's language. */
  readonly translator: Translator;
}

/** Wraps a handler that needs the signed-in account; signed out, it answers `UNAUTHORIZED`. */
export function withAccount<A, T>(
  ctx: CoreContext,
  run: (account: OpenAccount, args: A) => Result<T>,
): (args: A) => Result<T> {
  return (args) => {
    const account = ctx.session.account();
    return account.ok ? run(account.value, args) : account;
  };
}
