import { z } from 'zod';
import { LANGUAGES } from '../../i18n/languages.js';

/**
 * The range of each number an officer can set: the settings screen's spin buttons and main's check both
 * read it from here.
 */
export const settingBounds = {
  /** Minutes between background syncs while online. */
  syncIntervalMinutes: { min: 1, max: 24 * 60 },
  /** Photo uploads running at once. */
  uploadConcurrency: { min: 1, max: 16 },
  /** Kilometres beyond which a photo's GPS position is too far from a school to suggest its visit. */
  photoMaxDistanceKm: { min: 1, max: 100 },
} as const;

/** Default of `photoMaxDistanceKm` (issue 16: 2 km; the photo CLI's `--max-distance-km` default too). */
export const DEFAULT_PHOTO_MAX_DISTANCE_KM = 2;

const syncIntervalMinutes = z
  .number()
  .int()
  .min(settingBounds.syncIntervalMinutes.min)
  .max(settingBounds.syncIntervalMinutes.max);
const uploadConcurrency = z
  .number()
  .int()
  .min(settingBounds.uploadConcurrency.min)
  .max(settingBounds.uploadConcurrency.max);
const photoMaxDistanceKm = z
  .number()
  .int()
  .min(settingBounds.photoMaxDistanceKm.min)
  .max(settingBounds.photoMaxDistanceKm.max);

/** Settings an officer can change, with their defaults. */
export const editableSettingsSchema = z.object({
  serverUrl: z.string().nullable().default(null),
  syncIntervalMinutes: syncIntervalMinutes.default(15),
  uploadConcurrency: uploadConcurrency.default(4),
  /** A photo farther than this from a school is never assigned to its visit by itself (the officer chooses). */
  photoMaxDistanceKm: photoMaxDistanceKm.default(DEFAULT_PHOTO_MAX_DISTANCE_KM),
  /** The officer's language; `null` follows the computer's (Electron's `app.getLocale()`, the browser's language). */
  language: z.enum(LANGUAGES).nullable().default(null),
  /** Whether the installed app checks the server for a newer version by itself (at start and daily). */
  updateChecks: z.boolean().default(true),
});

export const settingsSchema = editableSettingsSchema.extend({
  /** Where the database and photos live (per-user local app data, unless the officer moved them). */
  dataFolder: z.string(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z
  .strictObject({
    syncIntervalMinutes,
    uploadConcurrency,
    photoMaxDistanceKm,
    language: z.enum(LANGUAGES).nullable(),
    updateChecks: z.boolean(),
  })
  .partial();

export const logArgsSchema = z.strictObject({
  level: z.enum(['error', 'warn', 'info', 'debug']),
  message: z.string().max(10_000),
});

export const exportResultSchema = z.object({
  /** `null` when the officer cancelled the save dialog. */
  path: z.string().nullable(),
  bytes: z.number().int().min(0),
  /** The browser shell: where the page downloads the saved file from (once). */
  downloadUrl: z.url({ protocol: /^http$/ }).optional(),
});

export const openExternalArgsSchema = z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2000) });
