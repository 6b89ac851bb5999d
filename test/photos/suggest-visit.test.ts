import { describe, expect, it } from 'vitest';
import { distanceMetres, suggestVisit, type VisitCandidate } from '../../src/main/photos/suggest-visit.js';

const visit = (id: string, visitDate: string, lat: number | null, lon: number | null): VisitCandidate => ({
  id,
  visitDate,
  schoolName: `School ${id}`,
  latitude: lat,
  longitude: lon,
});
const visits = [
  visit('a', '2024-03-05', -1.29, 36.82),
  visit('b', '2024-03-05', -1.4, 36.9),
  visit('c', '2024-03-06', null, null),
];

describe('suggesting the visit of a photo', () => {
  it('picks the visit on the capture day whose school is near the photo', () => {
    const s = suggestVisit({ captureDay: '2024-03-05', latitude: -1.4005, longitude: 36.9003 }, visits);
    expect(s).toMatchObject({ schoolVisitId: 'b', confidence: 'high' });
    expect(s.reason).toMatch(/m from School b/);
  });

  it('takes the only visit of the day when the photo has no GPS', () => {
    expect(suggestVisit({ captureDay: '2024-03-06', latitude: null, longitude: null }, visits)).toMatchObject({
      schoolVisitId: 'c',
      confidence: 'medium',
    });
  });

  it('suggests nothing when several visits share the day and there is no GPS', () => {
    expect(suggestVisit({ captureDay: '2024-03-05', latitude: null, longitude: null }, visits)).toMatchObject({
      schoolVisitId: null,
      confidence: 'none',
    });
  });

  it('suggests the nearest of several same-day visits weakly when none is close', () => {
    expect(suggestVisit({ captureDay: '2024-03-05', latitude: -1.2765, longitude: 36.82 }, visits)).toMatchObject({
      schoolVisitId: 'a',
      confidence: 'low',
    });
  });

  it('suggests nothing without a capture time or a visit that day', () => {
    expect(suggestVisit({ captureDay: null, latitude: -1.29, longitude: 36.82 }, visits).schoolVisitId).toBeNull();
    expect(
      suggestVisit({ captureDay: '2023-01-01', latitude: -1.29, longitude: 36.82 }, visits).schoolVisitId,
    ).toBeNull();
  });

  it('never suggests a visit whose school is farther than the threshold from the photo’s GPS (default 2 km)', () => {
    const only = [visit('x', '2025-11-24', -1.29, 36.82)];
    const day = '2025-11-24';
    // GPS 0,0 (no fix written as zeros), 80 km away, another country: the only visit that day is not suggested.
    for (const [lat, lon] of [
      [0, 0],
      [-1.29, 37.54],
      [30.0, 31.2],
    ] as const) {
      const s = suggestVisit({ captureDay: day, latitude: lat, longitude: lon }, only);
      expect(s, `${lat},${lon}`).toMatchObject({ schoolVisitId: null, confidence: 'none' });
      expect(s.distanceMetres).toBeGreaterThan(2000);
      expect(s.reason).toMatch(/km from School x/);
    }
    // 1.5 km: within the default threshold, suggested (not sure enough to be high); 3 km with a 5 km setting too.
    const near = suggestVisit({ captureDay: day, latitude: -1.2765, longitude: 36.82 }, only);
    expect(near).toMatchObject({ schoolVisitId: 'x', confidence: 'medium' });
    expect(near.distanceMetres).toBeGreaterThan(1400);
    expect(near.distanceMetres).toBeLessThan(1600);
    const threeKm = { captureDay: day, latitude: -1.263, longitude: 36.82 };
    expect(suggestVisit(threeKm, only).schoolVisitId).toBeNull();
    expect(suggestVisit(threeKm, only, { maxDistanceMetres: 5000 }).schoolVisitId).toBe('x');
    // Several visits that day: the nearest far away is not suggested either.
    expect(suggestVisit({ captureDay: '2024-03-05', latitude: 0, longitude: 0 }, visits).schoolVisitId).toBeNull();
  });

  it('measures distance on the globe', () => {
    expect(distanceMetres(0, 0, 0, 1)).toBeCloseTo(111_195, -2);
  });
});
