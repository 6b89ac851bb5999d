import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppErrorException } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { editableSettingsSchema } from '../../shared/ipc/schemas/settings.js';
import { whyFileFailed } from '../fs/file-failure.js';
import { type FileOps, retryingFs } from '../fs/retry-fs.js';
import { createLogger } from '../log.js';

const log = createLogger('settings');

/** The account last signed in to (the token itself is in the token store, never here). */
export const accountSchema = z.object({
  serverUrl: z.string(),
  username: z.string(),
  displayName: z.string(),
  demo: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const storedSettingsSchema = editableSettingsSchema.extend({
  account: accountSchema.nullable().default(null),
});
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/**
 * Settings kept as JSON beside the data. A change is written atomically (a flushed temporary file
 * renamed over the old one), retried while another program holds the file, and takes effect only once
 * it is on disk: a write that fails leaves both the file and `value` as they were.
 */
export class SettingsFile {
  private current: StoredSettings;

  constructor(
    private path: string,
    private readonly fs: FileOps = retryingFs,
  ) {
    this.current = this.read();
  }

  /** The data folder moved (with this file in it): read and write the copy from now on. */
  relocate(path: string): void {
    this.path = path;
  }

  /** The data folder was found elsewhere: read the settings kept there, and write there from now on. */
  reopen(path: string): void {
    this.path = path;
    this.current = this.read();
  }

  get value(): StoredSettings {
    return this.current;
  }

  /**
   * Writes the patched settings, then uses them. The data folder is never created here: it exists
   * (checked at start), and a folder that vanished since (a USB drive pulled) must not come back empty.
   */
  async update(patch: Partial<StoredSettings>): Promise<StoredSettings> {
    const next = storedSettingsSchema.parse({ ...this.current, ...patch });
    try {
      await this.fs.writeFileAtomic(this.path, JSON.stringify(next, null, 2));
    } catch (e) {
      log.warn(`Settings file ${this.path} could not be written`, e);
      const detail = `${this.path}: ${e instanceof Error ? e.message : String(e)}`;
      const why = whyFileFailed(e);
      throw new AppErrorException(officerError('FILE', text('settings:notSaved', { why: { text: why } }), { detail }));
    }
    this.current = next;
    return next;
  }

  private read(): StoredSettings {
    if (!existsSync(this.path)) return storedSettingsSchema.parse({});
    try {
      // Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
      return storedSettingsSchema.parse(JSON.parse(readFileSync(this.path, 'utf8').replace(/^\uFEFF/, '')));
    } catch (e) {
      // A damaged settings file must not stop the app (the data is elsewhere): start from defaults.
      log.warn(`Settings file ${this.path} unreadable; using defaults`, e);
      return storedSettingsSchema.parse({});
    }
  }
}
