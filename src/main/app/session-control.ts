import { type AppError, err, ok, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { passwordRuleText } from '../../shared/i18n/password-rule-text.js';
import { insecureServerAddress, type SessionState } from '../../shared/ipc/schemas/session.js';
import type { SyncStatus } from '../../shared/ipc/schemas/sync-status.js';
import type { LoginResponse } from '../../shared/protocol/auth.js';
import { PASSWORD_RULES } from '../../shared/protocol/password-policy.js';
import { createLogger } from '../log.js';
import { ServerApi } from '../sync/server-api.js';
import type { SyncBackoffs } from '../sync/sync-backoffs.js';
import type { EventHub } from './event-hub.js';
import { accountKey, OpenAccount } from './open-account.js';
import type { Account, SettingsFile } from './settings-file.js';
import type { TokenStore } from './token-store.js';

const log = createLogger('session');

/** Starts the reference server in-process for Demo mode; its users are public (`demo`/`demo`). */
export type DemoLauncher = (dataDir: string) => Promise<{ readonly url: string; close(): Promise<void> }>;

export const DEMO_CREDENTIALS = { username: 'demo', password: 'demo' } as const;

export interface SessionControlOptions {
  readonly dataDir: string;
  readonly settings: SettingsFile;
  readonly tokens: TokenStore;
  readonly hub: EventHub;
  readonly demo?: DemoLauncher;
  readonly migrationsFolder?: string;
  readonly syncAfterEditMs?: number;
  readonly pageLimit?: number;
  readonly backoffs?: SyncBackoffs;
}

const SIGNED_OUT_STATUS: SyncStatus = {
  connectivity: 'unknown',
  running: false,
  progress: null,
  lastSyncedAt: null,
  lastError: null,
  queue: { pending: 0, inFlight: 0, failed: 0, needsAttention: 0 },
  openConflicts: 0,
};

const NOT_SIGNED_IN: AppError = officerError('UNAUTHORIZED', text('errors:session.signInFirst'));

const CHANGE_NOT_STARTED: AppError = officerError('UNAUTHORIZED', text('errors:session.changeNotStarted'));
const CHANGE_EXPIRED: AppError = officerError('UNAUTHORIZED', text('errors:session.changeExpired'));
const CHANGE_REQUIRED: AppError = officerError(
  'PASSWORD_CHANGE_REQUIRED',
  text('errors:code.PASSWORD_CHANGE_REQUIRED'),
);

/** A refusal of the server's, in the officer's words: the broken policy rule on the field, a spent token. */
function changeRefusal(error: AppError): AppError {
  const rule = PASSWORD_RULES.find((r) => r === error.rule);
  if (error.field === 'newPassword' && rule)
    return officerError(error.code, passwordRuleText(rule), { field: 'newPassword', rule, detail: error.message });
  if (error.code === 'UNAUTHORIZED') return { ...CHANGE_EXPIRED, detail: error.message };
  return error;
}

/** A sign-in with a one-time password, waiting for the officer's own (the token never leaves main). */
interface PendingChange {
  readonly serverUrl: string;
  readonly username: string;
  readonly demo: boolean;
  readonly changeToken: string;
}

/** Signing in and out, Demo mode, and the account that is open. */
export class SessionControl {
  private open: OpenAccount | undefined;
  private demoServer: { url: string; close(): Promise<void> } | undefined;

  private expired = false;
  private pendingChange: PendingChange | undefined;
  /** Where the account databases and the demo server live; changes when the officer moves the data. */
  private dataDir: string;

  constructor(private readonly options: SessionControlOptions) {
    this.dataDir = options.dataDir;
    // A sync refused with UNAUTHORIZED means the server ended the session (demo mode signs in again
    // by itself): go back to sign-in, keeping the data and every unsent edit.
    options.hub.subscribe((event) => {
      if (event.kind !== 'sync:finished' || event.summary.error?.code !== 'UNAUTHORIZED') return;
      const ended = this.open;
      if (!ended || ended.account.demo) return;
      log.warn('The server ended the session; asking the officer to sign in again');
      void this.endSession(ended);
    });
  }

  /** Reopens the account of the last run (a demo account restarts its server first). */
  async restore(): Promise<void> {
    const account = this.options.settings.value.account;
    if (!account) return;
    if (account.demo) {
      const started = await this.startDemo();
      if (!started.ok) log.warn('Could not restart Demo mode', started.error);
      return;
    }
    const insecure = insecureServerAddress(account.serverUrl, false);
    if (insecure) {
      // Saved before the rule existed: sign-in asks again, where the officer reads why.
      log.warn(`Not reopening ${account.serverUrl}: ${insecure.message}`);
      return;
    }
    const token = this.options.tokens.load(accountKey(account));
    if (token) await this.openAccount(account, token);
  }

  /**
   * Closes the account (its sync stopped, its store checkpointed and closed) and the demo server,
   * without telling the screens: the data folder is about to be copied, and `resume` follows.
   */
  async suspend(): Promise<void> {
    await this.closeAccount();
    await this.stopDemo();
  }

  /** Reopens the last account from `dataDir` (the moved copy, or the old folder after a failed move). */
  async resume(dataDir: string): Promise<void> {
    this.dataDir = dataDir;
    await this.restore();
    this.changed();
  }

  account(): Result<OpenAccount> {
    return this.open ? ok(this.open) : err(NOT_SIGNED_IN);
  }

  state(): SessionState {
    const { settings, demo } = this.options;
    const account = this.open?.account;
    return {
      signedIn: account !== undefined,
      serverUrl: account?.demo ? null : (account?.serverUrl ?? settings.value.serverUrl),
      user: account ? { username: account.username, displayName: account.displayName } : null,
      demo: account?.demo ?? false,
      firstRun: settings.value.serverUrl === null && settings.value.account === null,
      demoAvailable: demo !== undefined,
      sessionExpired: this.expired,
      signInForgottenOnClose: this.options.tokens.forgottenOnClose,
    };
  }

  /** The status bar's view: the open account's, or an idle one while signed out. */
  syncStatus(): SyncStatus {
    return this.open?.status() ?? SIGNED_OUT_STATUS;
  }

  async signIn(serverUrl: string, username: string, password: string, demo = false): Promise<Result<SessionState>> {
    const baseUrl = serverUrl.replace(/\/+$/, '');
    // Refused before anything is sent: a password must never cross a network in clear text.
    const insecure = demo ? undefined : insecureServerAddress(baseUrl, false);
    if (insecure) return err(insecure);
    this.pendingChange = undefined;
    const api = new ServerApi({ baseUrl, connectTimeoutMs: 10_000, idleTimeoutMs: 20_000 });
    const answer = await api.signIn(username, password);
    api.close();
    if (!answer.ok) return answer;
    if (answer.value.kind === 'changePassword') {
      // Kept here, never sent to the page: it is the proof of this sign-in, good for one change.
      this.pendingChange = { serverUrl: baseUrl, username, demo, changeToken: answer.value.changeToken };
      log.info(`${username} signed in with a one-time password; asking for a new one`);
      return err(CHANGE_REQUIRED);
    }
    return ok(await this.signedIn({ serverUrl: baseUrl, username, demo }, answer.value.login));
  }

  /**
   * The officer's own password replaces the one-time password of the last sign-in (refused with the
   * policy rule it breaks, `field: 'newPassword'`, and the step can be tried again), then signs in
   * with the session the change opened. The server ends every other session of the user.
   */
  async changePassword(newPassword: string): Promise<Result<SessionState>> {
    const pending = this.pendingChange;
    if (!pending) return err(CHANGE_NOT_STARTED);
    const api = new ServerApi({ baseUrl: pending.serverUrl, connectTimeoutMs: 10_000, idleTimeoutMs: 20_000 });
    const changed = await api.changePassword(pending.changeToken, newPassword);
    api.close();
    if (!changed.ok) {
      // A spent or late token cannot be tried again: the officer signs in with the one-time password anew.
      if (changed.error.code === 'UNAUTHORIZED') this.pendingChange = undefined;
      log.warn(
        `The new password of ${pending.username} was refused: ${changed.error.code} ${changed.error.rule ?? ''}`,
      );
      return err(changeRefusal(changed.error));
    }
    this.pendingChange = undefined;
    log.info(`${pending.username} chose a new password; the server ended their other sessions`);
    return ok(await this.signedIn(pending, changed.value));
  }

  /** Opens the account a sign-in (or a password change) gave a session for, and keeps the token. */
  private async signedIn(
    who: { readonly serverUrl: string; readonly username: string; readonly demo: boolean },
    login: LoginResponse,
  ): Promise<SessionState> {
    const { serverUrl, username, demo } = who;
    const account: Account = { serverUrl, username, displayName: login.user.displayName, demo };
    this.expired = false;
    await this.options.tokens.save(accountKey(account), login.token).catch((error: unknown) => {
      // Signed in all the same: only the next start asks for the password again.
      log.warn('The sign-in could not be saved for the next start', error);
    });
    await this.options.settings.update({ account, ...(demo ? {} : { serverUrl }) });
    await this.openAccount(account, login.token);
    log.info(`Signed in to ${demo ? 'the demo server' : serverUrl} as ${username}`);
    return this.state();
  }

  /** Signs out: sync stops and the token is forgotten; the data (and any unsent edits) stay on disk. */
  async signOut(): Promise<SessionState> {
    const account = this.open?.account;
    await this.closeAccount();
    if (account) {
      await this.options.tokens.clear(accountKey(account)).catch((error: unknown) => {
        // The account is forgotten in the settings below, so the leftover token is never used.
        log.warn('The saved sign-in could not be deleted', error);
      });
    }
    await this.options.settings.update({ account: null });
    await this.stopDemo();
    this.changed();
    return this.state();
  }

  /** Signs out of `account` if it is still the open one (never a session opened since). */
  private async endSession(account: OpenAccount): Promise<void> {
    if (this.open !== account) return;
    await this.signOut();
    this.expired = true;
    this.changed();
  }

  async startDemo(): Promise<Result<SessionState>> {
    if (!this.options.demo) return err(officerError('BAD_REQUEST', text('errors:demo.unavailable')));
    try {
      this.demoServer ??= await this.options.demo(this.dataDir);
    } catch (e) {
      return err(officerError('INTERNAL', text('errors:demo.failed'), { detail: String(e) }));
    }
    return this.signIn(this.demoServer.url, DEMO_CREDENTIALS.username, DEMO_CREDENTIALS.password, true);
  }

  async close(): Promise<void> {
    await this.closeAccount();
    await this.stopDemo();
  }

  private async openAccount(account: Account, token: string): Promise<void> {
    await this.closeAccount();
    const { hub, migrationsFolder, syncAfterEditMs, settings, pageLimit, backoffs } = this.options;
    this.open = new OpenAccount({
      dataDir: this.dataDir,
      account,
      token,
      hub,
      syncIntervalMinutes: settings.value.syncIntervalMinutes,
      uploadConcurrency: () => settings.value.uploadConcurrency,
      photoMaxDistanceMetres: () => settings.value.photoMaxDistanceKm * 1000,
      ...(account.demo ? { credentials: DEMO_CREDENTIALS } : {}),
      ...(migrationsFolder ? { migrationsFolder } : {}),
      ...(syncAfterEditMs === undefined ? {} : { syncAfterEditMs }),
      ...(pageLimit ? { pageLimit } : {}),
      ...(backoffs ? { backoffs } : {}),
    });
    this.changed();
    this.open.start();
  }

  private async closeAccount(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.close();
  }

  private async stopDemo(): Promise<void> {
    const server = this.demoServer;
    this.demoServer = undefined;
    await server?.close();
  }

  private changed(): void {
    const { hub } = this.options;
    hub.emit({ kind: 'session:changed', session: this.state() });
    hub.emit({ kind: 'sync:status', status: this.syncStatus() });
  }
}
