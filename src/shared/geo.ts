/** A point on the earth in degrees. */
export interface Position {
  readonly latitude: number;
  readonly longitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle (haversine) distance between two positions, in metres. */
export function distanceMetres(a: Position, b: Position): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A position from two record fields, or `null` when either is missing or not a number. */
export function positionOf(latitude: unknown, longitude: unknown): Position | null {
  return typeof latitude === 'number' && typeof longitude === 'number' && Number.isFinite(latitude + longitude)
    ? { latitude, longitude }
    : null;
}
