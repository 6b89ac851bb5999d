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
    expect(suggestVisit({ captureDay: '2024-03-05', latitude: -1.2, longitude: 36.7 }, visits)).toMatchObject({
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

  it('measures distance on the globe', () => {
    expect(distanceMetres(0, 0, 0, 1)).toBeCloseTo(111_195, -2);
  });
});
