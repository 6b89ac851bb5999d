import { describe, expect, it } from 'vitest';
import { nearestVisits } from '../../src/shared/photos/nearest-visits.js';

const school = { latitude: -1.2921, longitude: 36.8219 };
/** `km` kilometres north of the school. */
const north = (km: number) => ({ latitude: school.latitude + km / 111.2, longitude: school.longitude });
const visit = (id: string, visitDate: string, at: { latitude: number; longitude: number } | null) => ({
  id,
  visitDate,
  schoolName: id,
  latitude: at?.latitude ?? null,
  longitude: at?.longitude ?? null,
});

describe('the visits offered for "Move to visit"', () => {
  const visits = [
    visit('far-same-day', '2026-10-29', north(40)),
    visit('week-later', '2026-11-05', north(0)),
    visit('near-same-day', '2026-10-29', north(1)),
    visit('day-before-nowhere', '2026-10-28', null),
    visit('same-day-nowhere', '2026-10-29', null),
  ];

  it('puts the visits nearest in date first, then nearest in place, unknown places last, and says how near', () => {
    const photo = { capturedAt: '2026-10-29T09:15:00', ...north(0.2) };
    const ranked = nearestVisits([photo], visits);
    expect(ranked.map((r) => r.visit.id)).toEqual([
      'near-same-day',
      'far-same-day',
      'same-day-nowhere',
      'day-before-nowhere',
      'week-later',
    ]);
    expect(ranked[0]).toMatchObject({ days: 0, metres: expect.closeTo(800, -1) });
    expect(ranked[4]).toMatchObject({ days: 7, metres: expect.closeTo(200, -1) });
  });

  it('measures from the nearest of several photos, and keeps the list order when the photos say nothing', () => {
    const photos = [
      { capturedAt: '2026-11-04T10:00:00', latitude: null, longitude: null },
      { capturedAt: null, ...north(39) },
    ];
    expect(nearestVisits(photos, visits).map((r) => r.visit.id)).toEqual([
      'week-later',
      'far-same-day',
      'near-same-day',
      'same-day-nowhere',
      'day-before-nowhere',
    ]);
    const silent = [{ capturedAt: null, latitude: null, longitude: null }];
    expect(nearestVisits(silent, visits).map((r) => r.visit.id)).toEqual(visits.map((v) => v.id));
  });
});
