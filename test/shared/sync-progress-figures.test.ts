import { describe, expect, it } from 'vitest';
import type { SyncProgressEvent } from '../../src/shared/sync-events.js';
import { type PhaseStart, phaseStartOf, progressFigures } from '../../src/shared/sync-progress-figures.js';

const event = (over: Partial<SyncProgressEvent>): SyncProgressEvent => ({
  kind: 'sync-progress',
  syncId: 1,
  phase: 'pull',
  done: 0,
  pulled: 0,
  pushed: 0,
  requests: 0,
  bytesDown: 0,
  bytesUp: 0,
  elapsedMs: 0,
  ...over,
});

describe('progressFigures', () => {
  it('says done of total, percent, rate and time left from the phase so far', () => {
    let start: PhaseStart | undefined;
    const first = event({ done: 0, total: 10_000, elapsedMs: 500 });
    start = phaseStartOf(first, start);
    expect(progressFigures(first, start)).toEqual({ done: 0, total: 10_000, fraction: 0 });
    const later = event({ done: 2_500, total: 10_000, elapsedMs: 5_500, bytesDown: 500_000 });
    start = phaseStartOf(later, start);
    expect(progressFigures(later, start)).toEqual({
      done: 2_500,
      total: 10_000,
      fraction: 0.25,
      unitsPerSecond: 500,
      bytesPerSecond: 100_000,
      secondsLeft: 15,
    });
  });

  it('never passes 100 % and measures a new phase from its own start', () => {
    const over = event({ done: 120, total: 100, elapsedMs: 2_000 });
    expect(progressFigures(over, phaseStartOf(over, undefined)).fraction).toBe(1);
    const pullStart = phaseStartOf(event({ elapsedMs: 0 }), undefined);
    const push = event({ phase: 'push', done: 3, total: 6, elapsedMs: 60_000, bytesUp: 3_000 });
    const pushStart = phaseStartOf(push, pullStart);
    expect(pushStart).toMatchObject({ phase: 'push', elapsedMs: 60_000, done: 3, bytes: 3_000 });
    expect(progressFigures(push, pushStart).secondsLeft).toBeUndefined();
  });

  it('without a total: no fraction and no time left, but a rate', () => {
    const start = phaseStartOf(event({}), undefined);
    const figures = progressFigures(event({ done: 300, elapsedMs: 3_000, bytesDown: 30_000 }), start);
    expect(figures).toEqual({ done: 300, unitsPerSecond: 100, bytesPerSecond: 10_000 });
  });
});
