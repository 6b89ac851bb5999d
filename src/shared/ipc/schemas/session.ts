import { z } from 'zod';
import type { AppError } from '../../errors.js';

/**
 * The server URL an officer types: http(s) only, no credentials in it. Whether plain http is allowed
 * for it depends on the host and a setting: see `insecureServerAddress`.
 */
export const serverUrlSchema = z
  .url({
    protocol: /^https?$/,
    error: 'Server address: enter the whole address, starting with https:// (for example https://sync.example.org)',
  })
  .max(500, 'Server address: at most 500 characters')
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    'Server address: must not contain a user name or password',
  );

/** Whether a URL's host is this computer (localhost, 127.0.0.0/8, ::1): traffic to it never leaves it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Why the app refuses a server address, or undefined: a plain `http://` address would send the
 * password and every record unencrypted, so it is allowed only for this computer, or anywhere when the
 * officer turned on the labelled setting for a lab network. The message names the field in words.
 */
export function insecureServerAddress(url: string, allowHttpOnLabNetwork: boolean): AppError | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || allowHttpOnLabNetwork || isLoopbackHost(parsed.hostname)) return undefined;
  return {
    code: 'BAD_REQUEST',
    field: 'serverUrl',
    message:
      'Server address: use https:// — a plain http:// address would send your password and records unencrypted ' +
      '(http:// is accepted only for a server on this computer).',
    detail: `Refused ${parsed.protocol}//${parsed.host}: not a loopback host and the lab-network setting is off`,
  };
}

export const signInArgsSchema = z.strictObject({
  serverUrl: serverUrlSchema,
  username: z.string().trim().min(1, 'Enter your user name').max(100),
  password: z.string().min(1, 'Enter your password').max(200),
});

/**
 * The officer's own password, replacing the one-time password of the sign-in just answered
 * PASSWORD_CHANGE_REQUIRED (main keeps that sign-in's change token; the page never sees it).
 */
export const changePasswordArgsSchema = z.strictObject({
  newPassword: z.string().min(1, 'Enter a new password').max(200),
});

export const sessionStateSchema = z.object({
  signedIn: z.boolean(),
  serverUrl: z.string().nullable(),
  user: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  /** Signed in to the in-process demo server. */
  demo: z.boolean(),
  /** No server was ever configured: the first-run screen offers Demo mode. */
  firstRun: z.boolean(),
  /** This build can start the in-process demo server. */
  demoAvailable: z.boolean(),
  /** The server ended the last session (expired token): sign-in says so; unsent edits are kept. */
  sessionExpired: z.boolean(),
  /** Why this computer forgets the sign-in when Fieldsync closes (no OS encryption for the token), or null. */
  signInForgottenOnClose: z.string().nullable(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const appInfoSchema = z.object({
  appVersion: z.string(),
  /** Migration the local database is at (diagnostics). */
  dbVersion: z.string().nullable(),
  dataFolder: z.string(),
  logFile: z.string().nullable(),
  /** How this page talks to main: the Electron preload or the dev/e2e WebSocket. */
  transport: z.enum(['electron', 'websocket']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
