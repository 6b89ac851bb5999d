import { describe, expect, it } from 'vitest';
import { type PhaseStart, phaseStartOf, progressFigures, taskbarBar } from '../../src/shared/sync-progress-figures.js';
import { progressEvent as event, photoPhase } from '../support/progress-events.js';

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

describe('the photo phase', () => {
  it('counts files and bytes of the total; how far and how long follow the bytes, not the file count', () => {
    const [first, later] = photoPhase;
    const start = phaseStartOf(first, undefined);
    expect(progressFigures(first, start)).toEqual({
      done: 0,
      total: 4,
      fraction: 0,
      bytesDone: 0,
      bytesTotal: 8_000_000,
    });
    // One small photo of four is done, but only a tenth of the bytes: 10 %, not 25 %.
    expect(progressFigures(later, phaseStartOf(later, start))).toEqual({
      done: 1,
      total: 4,
      fraction: 0.1,
      bytesDone: 800_000,
      bytesTotal: 8_000_000,
      unitsPerSecond: 0.25,
      bytesPerSecond: 200_000,
      secondsLeft: 36,
    });
  });
});

describe('taskbarBar', () => {
  it('shows the bytes of the photo phase, the count of a record phase, indeterminate without a total, none when idle', () => {
    expect(
      taskbarBar(event({ phase: 'photos', done: 1, total: 4, bytesDone: 800_000, bytesTotal: 8_000_000 })),
    ).toEqual({ value: 0.1 });
    expect(taskbarBar(event({ phase: 'pull', done: 2_500, total: 10_000 }))).toEqual({ value: 0.25 });
    expect(taskbarBar(event({ phase: 'push', done: 7, total: 5 }))).toEqual({ value: 1 });
    expect(taskbarBar(event({ phase: 'pull', done: 300 }))).toEqual({ value: 2, mode: 'indeterminate' });
    expect(taskbarBar(event({ phase: 'photos', done: 0, total: 0, bytesTotal: 0 }))).toEqual({
      value: 2,
      mode: 'indeterminate',
    });
    expect(taskbarBar(event({ phase: 'idle', done: 3, total: 3 }))).toBeNull();
  });
});
