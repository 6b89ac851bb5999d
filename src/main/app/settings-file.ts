import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { editableSettingsSchema } from '../../shared/ipc/schemas/settings.js';
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

/** Settings kept as JSON beside the data, written atomically (write, then rename). */
export class SettingsFile {
  private current: StoredSettings;

  constructor(private path: string) {
    this.current = this.read();
  }

  /** The data folder moved (with this file in it): read and write the copy from now on. */
  relocate(path: string): void {
    this.path = path;
  }

  get value(): StoredSettings {
    return this.current;
  }

  update(patch: Partial<StoredSettings>): StoredSettings {
    this.current = storedSettingsSchema.parse({ ...this.current, ...patch });
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(this.current, null, 2));
    renameSync(temp, this.path);
    return this.current;
  }

  private read(): StoredSettings {
    if (!existsSync(this.path)) return storedSettingsSchema.parse({});
    try {
      return storedSettingsSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (e) {
      // A damaged settings file must not stop the app (the data is elsewhere): start from defaults.
      log.warn(`Settings file ${this.path} unreadable; using defaults`, e);
      return storedSettingsSchema.parse({});
    }
  }
}
