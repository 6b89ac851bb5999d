import type { EventHub } from '../event-hub.js';
import type { Platform } from '../platform.js';
import type { SessionControl } from '../session-control.js';
import type { SettingsFile } from '../settings-file.js';

/** What the channel handlers work with. */
export interface CoreContext {
  readonly dataDir: string;
  readonly hub: EventHub;
  readonly settings: SettingsFile;
  readonly session: SessionControl;
  readonly platform: Platform;
}
