import { describe, expect, it } from 'vitest';
import { SyncProgress } from '../../src/main/sync/progress.js';
import { SYNC_PHASES, type SyncProgressEvent } from '../../src/shared/sync-events.js';
import { ManualClock } from './helpers/manual-clock.js';

function setUp() {
  const clock = new ManualClock();
  const progress = new SyncProgress({ intervalMs: 100, clock, timers: clock });
  const events: SyncProgressEvent[] = [];
  const unsubscribe = progress.subscribe((e) => events.push(e));
  return { clock, progress, events, unsubscribe };
}

describe('SyncProgress', () => {
  it('emits at most one event per interval, and the latest state after a burst', () => {
    const { clock, progress, events } = setUp();
    progress.begin(1);
    for (let i = 1; i <= 1000; i++) {
      progress.update({ done: i, pulled: i, bytesDown: i * 10 });
      clock.advance(1);
    }
    clock.advance(100);
    expect(events.length).toBeLessThanOrEqual(12);
    expect(events.at(-1)).toMatchObject({ done: 1000, pulled: 1000, bytesDown: 10_000 });
  });

  it('the photos phase carries the bytes of its files, which never go backwards', () => {
    const { clock, progress, events } = setUp();
    progress.begin(3);
    progress.update({ phase: 'photos', done: 0, total: 5, bytesDone: 0, bytesTotal: 13_500_000 });
    progress.update({ done: 2, bytesDone: 5_000_000 });
    clock.advance(200);
    progress.update({ done: 1, bytesDone: 4_000_000 });
    clock.advance(200);
    expect(events.at(-1)).toMatchObject({
      phase: 'photos',
      done: 2,
      total: 5,
      bytesDone: 5_000_000,
      bytesTotal: 13_500_000,
    });
    progress.end();
    expect(events.at(-1)?.bytesTotal).toBeUndefined();
  });

  it('never goes backwards: counters keep their maximum and phases only move forward', () => {
    const { clock, progress, events } = setUp();
    progress.begin(7);
    progress.update({ done: 50, pulled: 50, bytesDown: 5000 });
    clock.advance(200);
    progress.update({ done: 10, pulled: 20, bytesDown: 100 });
    clock.advance(200);
    progress.update({ phase: 'push', done: 1, total: 3, pushed: 1 });
    clock.advance(200);
    progress.update({ phase: 'pull', done: 999 });
    clock.advance(200);
    progress.end({ pushed: 3 });
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1] as SyncProgressEvent, events[i] as SyncProgressEvent];
      expect(SYNC_PHASES.indexOf(b.phase)).toBeGreaterThanOrEqual(SYNC_PHASES.indexOf(a.phase));
      for (const k of ['pulled', 'pushed', 'requests', 'bytesDown', 'bytesUp', 'elapsedMs'] as const) {
        expect(b[k]).toBeGreaterThanOrEqual(a[k]);
      }
      if (a.phase === b.phase) expect(b.done).toBeGreaterThanOrEqual(a.done);
    }
    expect([...new Set(events.map((e) => e.phase))]).toEqual(['pull', 'push', 'idle']);
    expect(events.at(-1)).toMatchObject({ syncId: 7, phase: 'idle', pulled: 50, pushed: 3, bytesDown: 5000 });
  });

  it('delivers the final state at once when the sync ends, even inside the throttle window', () => {
    const { progress, events } = setUp();
    progress.begin(1);
    progress.update({ pulled: 5 });
    progress.end();
    expect(events.at(-1)).toMatchObject({ phase: 'idle', pulled: 5 });
  });

  it('closes a sync with exactly one idle event (the end of a sync is not told twice)', () => {
    const { clock, progress, events } = setUp();
    progress.begin(1);
    progress.update({ pulled: 5 });
    clock.advance(10);
    progress.update({ phase: 'push', done: 1 });
    progress.end({ pushed: 1 });
    clock.advance(500);
    expect(events.filter((e) => e.phase === 'idle')).toHaveLength(1);
  });

  it('stops delivering after unsubscribe', () => {
    const { clock, progress, events, unsubscribe } = setUp();
    progress.begin(1);
    unsubscribe();
    progress.update({ pulled: 1 });
    clock.advance(500);
    progress.end();
    expect(events).toHaveLength(1);
  });
});
