import exifr from 'exifr';

/** What the camera recorded about a photo; every field may be missing. */
export interface PhotoMetadata {
  /** ISO instant of EXIF DateTimeOriginal (or CreateDate), read as this PC's local time. */
  readonly capturedAt: string | null;
  /** The camera's calendar day, `YYYY-MM-DD`, as its clock showed it (matched to visit dates). */
  readonly captureDay: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** Make and model, e.g. `Canon PowerShot A2300`. */
  readonly camera: string | null;
}

const NONE: PhotoMetadata = { capturedAt: null, captureDay: null, latitude: null, longitude: null, camera: null };

/**
 * Reads capture time, GPS position and camera from EXIF with exifr, which reads only the header
 * chunks it needs. A photo without EXIF, or with damaged EXIF, simply has no metadata: the officer
 * assigns it by hand.
 */
export async function readPhotoMetadata(path: string): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(path, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'Make',
        'Model',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
    });
  } catch {
    return NONE;
  }
  if (!tags) return NONE;
  const taken = [tags.DateTimeOriginal, tags.CreateDate].find(
    (d): d is Date => d instanceof Date && !Number.isNaN(d.getTime()),
  );
  const lat = typeof tags.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null;
  const lon = typeof tags.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null;
  const make = typeof tags.Make === 'string' ? tags.Make.trim() : '';
  const model = typeof tags.Model === 'string' ? tags.Model.trim() : '';
  // Models often repeat the make ("Canon Canon EOS"): keep it once.
  const camera = model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`.trim();
  return {
    capturedAt: taken ? taken.toISOString() : null,
    // exifr builds the Date from the camera's wall clock in local time: local getters give that clock back.
    captureDay: taken ? localDay(taken) : null,
    latitude: lat !== null && Math.abs(lat) <= 90 ? lat : null,
    longitude: lon !== null && Math.abs(lon) <= 180 ? lon : null,
    camera: camera.slice(0, 200) || null,
  };
}

function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
