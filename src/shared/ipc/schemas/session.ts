import { z } from 'zod';

/** The server URL an officer types: http(s) only, no credentials in it. */
export const serverUrlSchema = z
  .url({ protocol: /^https?$/, error: 'Enter the server address, starting with http:// or https://' })
  .max(500)
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    'The server address must not contain a password',
  );

export const signInArgsSchema = z.strictObject({
  serverUrl: serverUrlSchema,
  username: z.string().trim().min(1, 'Enter your user name').max(100),
  password: z.string().min(1, 'Enter your password').max(200),
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
