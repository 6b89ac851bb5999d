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
      // The camera's own text: exifr's Date would roll impossible values over into real days.
      reviveValues: false,
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
  const taken = [tags.DateTimeOriginal, tags.CreateDate].map(exifDate).find((d) => d !== null);
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

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/**
 * An EXIF date (`YYYY:MM:DD HH:MM:SS`, the camera's wall clock) as a local `Date`, or `null` when it is
 * not a real moment: `2025:10:55 24:30:00` is a camera's garbage, not the 24th of November, and a photo
 * with it has no capture date (the officer chooses its visit). Unset clocks (`0000:00:00`) are null too.
 */
export function exifDate(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const m = EXIF_DATE.exec(raw.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const valid =
    year >= 1970 &&
    year <= 2999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  return valid ? new Date(year, month - 1, day, hour, minute, second) : null;
}

export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
