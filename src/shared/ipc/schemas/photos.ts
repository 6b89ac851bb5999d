import { z } from 'zod';
import { PHOTO_MIME_TYPES } from '../../entities/photo.js';
import { localizedTextSchema } from '../../i18n/message.js';
import { appErrorSchema } from './common.js';

/** Schemas of the `photos:*` channels (issue 6): import from cards, assign visits, upload. */

export const removableDriveSchema = z.object({
  device: z.string(),
  description: z.string(),
  mountpoints: z.array(z.string()),
  label: z.string().nullable(),
  size: z.number().nullable(),
});

export const visitSuggestionSchema = z.object({
  schoolVisitId: z.uuid().nullable(),
  confidence: z.enum(['high', 'medium', 'low', 'none']),
  reason: z.string(),
  text: localizedTextSchema.optional(),
  /** From the photo's GPS position to the school, in metres; `null` when either is unknown. */
  distanceMetres: z.number().nullable(),
});

export const importCandidateSchema = z.object({
  sha256: z.string(),
  relativePath: z.string(),
  originalName: z.string(),
  mimeType: z.enum(PHOTO_MIME_TYPES),
  size: z.number().int().min(0),
  capturedAt: z.string().nullable(),
  camera: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** Whether the photo has a preview (`photos:thumbnails`); without one, `thumbnailError` says why (HEIC). */
  hasThumbnail: z.boolean(),
  thumbnailError: z.string().nullable(),
  suggestion: visitSuggestionSchema,
  /** The visit the officer's review assigns it to (first the suggestion); `null`: none yet (the photo inbox). */
  assigned: z.uuid().nullable(),
  /** Ticked in the review (kept in main, so leaving the screen and coming back keeps it). */
  selected: z.boolean(),
});
export type ImportCandidateView = z.infer<typeof importCandidateSchema>;

export const visitOptionSchema = z.object({
  id: z.uuid(),
  visitDate: z.string(),
  schoolName: z.string(),
  /** Where the visit happened (its own position, else its school's): "Move to visit" lists the nearest first. */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type VisitOption = z.infer<typeof visitOptionSchema>;

const skippedSchema = z.object({
  path: z.string(),
  reason: z.string(),
  message: z.string(),
  text: localizedTextSchema.optional(),
});
const duplicateSchema = z.object({ path: z.string(), sha256: z.string(), of: z.enum(['library', 'this-import']) });

/** At most this many photos per page of a scan's review (a 5,000-photo card is 25 pages, never one message). */
export const SCAN_PAGE_SIZE = 200;

export const importScanSchema = z.object({
  scanId: z.uuid(),
  root: z.string(),
  filesSeen: z.number().int().min(0),
  /** The photos to review, all pages together. */
  candidateCount: z.number().int().min(0),
  /** The first page of them (`photos:scanPage` for the rest), without previews (`photos:thumbnails`). */
  candidates: z.array(importCandidateSchema).max(SCAN_PAGE_SIZE),
  duplicates: z.array(duplicateSchema),
  skipped: z.array(skippedSchema),
  /** Visits the officer can assign photos to: those on the photos' days, then the most recent. */
  visits: z.array(visitOptionSchema),
});
export type ImportScanView = z.infer<typeof importScanSchema>;

export const scanArgsSchema = z.strictObject({ path: z.string().trim().min(1).max(4096) });

export const commitArgsSchema = z.strictObject({
  scanId: z.uuid(),
  /** The officer's choices; photos not listed keep their suggested visit, `null` leaves a photo out. */
  assignments: z
    .array(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), schoolVisitId: z.uuid().nullable() }))
    .max(50_000),
});

export const importReportSchema = z.object({
  root: z.string(),
  filesSeen: z.number().int(),
  imported: z.number().int(),
  /** Photos imported without a visit: in the photo inbox (`photos:inbox`) until the officer gives them one. */
  inbox: z.number().int().min(0),
  duplicates: z.array(duplicateSchema),
  skipped: z.array(skippedSchema),
  warnings: z.array(z.object({ path: z.string(), message: z.string(), text: localizedTextSchema.optional() })),
  bytesImported: z.number().int(),
  bytesUploaded: z.number().int(),
  uploadsFailed: z.number().int(),
  /**
   * Photos not imported yet because another program (an antivirus, OneDrive) held them: they stay
   * staged with the officer's visits, and committing the same scan again imports them.
   */
  waiting: z.number().int().min(0),
  ms: z.number(),
});
export type ImportReportView = z.infer<typeof importReportSchema>;

export const scanIdArgsSchema = z.strictObject({ scanId: z.uuid() });

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const scanPageArgsSchema = z.strictObject({
  scanId: z.uuid(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(SCAN_PAGE_SIZE),
});
export const scanPageSchema = z.object({
  offset: z.number().int().min(0),
  candidateCount: z.number().int().min(0),
  candidates: z.array(importCandidateSchema).max(SCAN_PAGE_SIZE),
});
export type ScanPageView = z.infer<typeof scanPageSchema>;

/** At most this many previews per `photos:thumbnails` call: about a screenful of tiles. */
export const THUMBNAILS_PER_CALL = 60;

export const thumbnailArgsSchema = z.strictObject({
  scanId: z.uuid(),
  sha256s: z.array(sha256Schema).min(1).max(THUMBNAILS_PER_CALL),
});
/** Each asked photo's preview as a JPEG data URL, `null` when it has none. */
export const thumbnailsSchema = z.object({
  items: z.array(z.object({ sha256: z.string(), thumbnail: z.string().nullable() })),
});

/** Photos of a scan the review moves to a visit (`null`: to the photo inbox), or ticks (`selected`). */
export const reviewEditArgsSchema = z.strictObject({
  scanId: z.uuid(),
  sha256s: z.array(sha256Schema).max(50_000),
  change: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('assign'), schoolVisitId: z.uuid().nullable() }),
    /** Replaces the ticked photos with `sha256s`. */
    z.strictObject({ kind: z.literal('select') }),
  ]),
});

export const uploadCountsSchema = z.object({
  queued: z.number().int(),
  uploading: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
});

export const visitPhotoSchema = z.object({
  photoId: z.uuid(),
  sha256: z.string(),
  originalName: z.string(),
  capturedAt: z.string().nullable(),
  camera: z.string().nullable(),
  /** Where the camera says it was taken (EXIF GPS), if it says. */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  size: z.number().int(),
  thumbnail: z.string().nullable(),
  /** `remote`: synced from another device; its image is on the server, not in this library. */
  upload: z.enum(['queued', 'uploading', 'done', 'failed', 'remote']),
  error: appErrorSchema.nullable(),
});
export type VisitPhotoView = z.infer<typeof visitPhotoSchema>;

/** A library photo as the viewer shows it: upright, full size, and its size in pixels as shown. */
export const photoImageSchema = z.object({
  image: z.string().startsWith('data:image/jpeg;base64,'),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type PhotoImageView = z.infer<typeof photoImageSchema>;

/** Failures retrying cannot fix: the server refused the photo, or its file is gone from this PC. */
export const PERMANENT_UPLOAD_ERRORS = [
  'FORBIDDEN',
  'VALIDATION',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'UNKNOWN_ENTITY',
  'MISSING_PARENT',
  'FILE',
] as const;

/** One file of the photo upload queue (the Queue screen's photo card). */
export const photoUploadItemSchema = z.object({
  sha256: z.string(),
  photoId: z.string(),
  fileName: z.string(),
  visitId: z.string(),
  visitDate: z.string().nullable(),
  schoolName: z.string().nullable(),
  size: z.number().int().min(0),
  bytesAcked: z.number().int().min(0),
  state: z.enum(['queued', 'uploading', 'done', 'failed']),
  attempts: z.number().int().min(0),
  error: appErrorSchema.nullable(),
  /** Failed for a reason a retry cannot change (see `PERMANENT_UPLOAD_ERRORS`): no Retry, advice instead. */
  permanent: z.boolean(),
});
export type PhotoUploadItem = z.infer<typeof photoUploadItemSchema>;

export const uploadRefSchema = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** At most this many inbox photos per page (`photos:inbox`). */
export const INBOX_PAGE_SIZE = 200;

export const inboxArgsSchema = z.strictObject({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(INBOX_PAGE_SIZE),
});

/** A photo waiting in the inbox: imported into this PC's library without a visit. */
export const inboxPhotoSchema = importCandidateSchema
  .pick({
    sha256: true,
    originalName: true,
    mimeType: true,
    size: true,
    capturedAt: true,
    camera: true,
    latitude: true,
    longitude: true,
    hasThumbnail: true,
    thumbnailError: true,
  })
  .extend({
    /** The file on the card or folder it came from (cards come and go: informational). */
    sourcePath: z.string(),
    importedAt: z.string(),
  });
export type InboxPhotoView = z.infer<typeof inboxPhotoSchema>;

/** A page of the inbox, how many wait in all, and the visits its photos can go to. */
export const inboxPageSchema = z.object({
  count: z.number().int().min(0),
  offset: z.number().int().min(0),
  items: z.array(inboxPhotoSchema).max(INBOX_PAGE_SIZE),
  /** Visits on the page's photos' days, then the most recent ("Move to visit" ranks them by the ticked photos). */
  visits: z.array(visitOptionSchema),
});
export type InboxPageView = z.infer<typeof inboxPageSchema>;

export const inboxThumbnailArgsSchema = z.strictObject({
  sha256s: z.array(sha256Schema).min(1).max(THUMBNAILS_PER_CALL),
});

export const inboxAssignArgsSchema = z.strictObject({
  sha256s: z.array(sha256Schema).min(1).max(50_000),
  schoolVisitId: z.uuid(),
});

export const inboxRemoveArgsSchema = z.strictObject({ sha256s: z.array(sha256Schema).min(1).max(50_000) });

/** How many of the named photos the change reached (those no longer in the inbox are left as they are). */
export const inboxChangeSchema = z.object({ changed: z.number().int().min(0) });
