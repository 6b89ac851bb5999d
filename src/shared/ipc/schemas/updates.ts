import { z } from 'zod';

const bytes = z.number().int().min(0);

/**
 * Where the app's own update stands (electron-updater in the installed app):
 * - `unsupported`: this build cannot update itself (a development run, the browser shell);
 * - `idle`: nothing to do (no newer version at the last check, or not checked yet);
 * - `checking`, `downloading` (in the background, with progress), `downloaded` (ready: the officer
 *   is asked before the app restarts), `error` (the last check or download failed; tried again later).
 */
export const UPDATE_STATES = ['unsupported', 'idle', 'checking', 'downloading', 'downloaded', 'error'] as const;

export const updateStatusSchema = z.object({
  state: z.enum(UPDATE_STATES),
  /** The running version. */
  currentVersion: z.string(),
  /** The version on offer (downloading, downloaded). */
  version: z.string().nullable(),
  /** While downloading: bytes of the download (a differential update fetches only changed blocks). */
  progress: z
    .object({
      transferred: bytes,
      total: bytes,
      percent: z.number().min(0).max(100),
      bytesPerSecond: z.number().min(0),
    })
    .nullable(),
  /**
   * The officer said "restart" while a sync or a photo upload ran: the restart waits for it to end
   * (an update never interrupts either), then happens by itself.
   */
  restartWaitingFor: z.enum(['sync', 'upload']).nullable(),
  /** Whether the app checks by itself (at start and daily): the officer's setting. */
  automatic: z.boolean(),
  /** When the last check ended (ISO time), `null` before the first. */
  lastCheck: z.string().nullable(),
  /** Why the last check or download failed (`error`). */
  error: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/** Where an updater starts (`idle`), or what a build that cannot update itself says (`unsupported`). */
export function initialUpdateStatus(state: 'idle' | 'unsupported', currentVersion: string): UpdateStatus {
  return {
    state,
    currentVersion,
    version: null,
    progress: null,
    restartWaitingFor: null,
    automatic: false,
    lastCheck: null,
    error: null,
  };
}
