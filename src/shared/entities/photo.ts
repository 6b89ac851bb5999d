import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** Image types the photo pipeline accepts, recognised by content (magic bytes), never by file extension. */
export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/heic'] as const;
export type PhotoMimeType = (typeof PHOTO_MIME_TYPES)[number];

/** Largest photo accepted (client import cap and server upload cap): camera JPEG/HEIC are far smaller. */
export const MAX_PHOTO_BYTES = 200 * 1024 * 1024;

/**
 * A photo taken during a school visit. The image itself is a content-addressed blob (by SHA-256)
 * uploaded separately in multipart sessions; this record is its metadata and syncs like any other.
 * Upload progress is deliberately not a field: it is one device's state, kept in a local table.
 */
export const photo = defineEntity({
  name: 'photo',
  label: 'Photo',
  titleField: 'originalName',
  fields: {
    schoolVisitId: f.ref('schoolVisit'),
    /** Lower-case hex SHA-256 of the image bytes: the blob's address. */
    // Names the blob in paths and queries: exactly 64 lower-case hex characters, nothing else.
    sha256: f.text({
      min: 64,
      max: 64,
      pattern: { regex: /^[0-9a-f]{64}$/, message: 'must be a lower-case hex SHA-256' },
    }),
    size: f.int({ min: 1, max: MAX_PHOTO_BYTES }),
    mimeType: f.enum(PHOTO_MIME_TYPES),
    /** When the camera took it (EXIF DateTimeOriginal), if the camera recorded it. */
    capturedAt: f.datetime().optional(),
    latitude: f.real({ min: -90, max: 90 }).optional(),
    longitude: f.real({ min: -180, max: 180 }).optional(),
    /** Camera make and model from EXIF. */
    camera: f.text({ max: 200 }).optional(),
    /** File name on the card, for the officer's reference (names repeat across cards and folders). */
    originalName: f.text({ max: 255 }),
    caption: f.text({ max: 2000 }).optional(),
  },
});
