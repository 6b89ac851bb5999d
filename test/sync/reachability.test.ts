import { describe, expect, it } from 'vitest';
import { NetworkService } from '../../src/main/sync/reachability.js';
import { SyncScheduler } from '../../src/main/sync/sync-scheduler.js';
import { backoffDelay } from '../../src/shared/backoff.js';
import { type AppError, err, ok, type Result } from '../../src/shared/errors.js';
import type { NetworkState, SyncSummary } from '../../src/shared/sync-events.js';
import { ManualClock } from './helpers/manual-clock.js';

const down: AppError = { code: 'NETWORK', message: 'unreachable' };
const backoff = { baseMs: 1_000, maxMs: 60_000 };

/** A server whose reachability the test switches; the probe answers from it. */
function setUp(random = () => 0.5) {
  const clock = new ManualClock();
  const server = { up: true, probes: 0 };
  const network = new NetworkService({
    probe: async () => {
      server.probes++;
      return server.up ? ok(undefined) : err(down);
    },
    backoff,
    clock,
    timers: clock,
    random,
  });
  const states: NetworkState[] = [];
  network.subscribe((e) => states.push(e.state));
  return { clock, server, network, states };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with jitter in the upper half', () => {
    const delays = [1, 2, 3, 4, 10].map((n) => [
      backoffDelay(n, backoff, () => 0),
      backoffDelay(n, backoff, () => 0.999),
    ]);
    expect(delays).toEqual([
      [500, 1000],
      [1000, 1999],
      [2000, 3998],
      [4000, 7996],
      [30000, 59970],
    ]);
  });
});

describe('NetworkService', () => {
  it('judges reachability from real request outcomes: transport failures only', () => {
    const { network, states } = setUp();
    network.report(err({ code: 'SERVER', message: '500' }));
    network.report(err(down));
    network.report(err({ code: 'TIMEOUT', message: 'stalled' }));
    network.report(ok(1));
    expect(states).toEqual(['online', 'offline', 'online']);
  });

  it('probes an unreachable server again with growing, jittered delays until it answers', async () => {
    const { clock, server, network, states } = setUp();
    network.start();
    await flush();
    server.up = false;
    network.report(err(down));
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(clock.delays()[0] ?? -1);
      clock.advance(clock.delays()[0] ?? 0);
      await flush();
    }
    expect(delays).toEqual([750, 1500, 3000, 6000]);
    server.up = true;
    clock.advance(clock.delays()[0] ?? 0);
    await flush();
    expect(network.state).toBe('online');
    expect(clock.delays()).toEqual([]);
    expect(states).toEqual(['online', 'offline', 'online']);
  });

  it('ignores a probe answer that is older than newer evidence', async () => {
    const { network, states } = setUp();
    network.start(); // the probe is answered "up"…
    network.report(err(down)); // …but a real request failed after the probe left
    await flush();
    expect(network.state).toBe('offline');
    expect(states).toEqual(['offline']);
  });

  it('takes the OS losing its network as proof, and regaining it as a reason to probe', async () => {
    const { server, network, states } = setUp();
    network.osNetworkChanged(false);
    expect(network.state).toBe('offline');
    const probes = server.probes;
    network.osNetworkChanged(true);
    await flush();
    expect(server.probes).toBe(probes + 1);
    expect(states).toEqual(['offline', 'online']);
  });
});

describe('time back to Online after an outage (issue 15: within 10 s, whatever its length)', () => {
  /**
   * The server goes away (a sync fails: Offline), stays away `outageMs`, then answers again; returns
   * how long after its return the app says Online. Default probe schedule; `random` picks the jitter
   * (0.999 is the slowest every time).
   */
  async function timeToOnline(outageMs: number, random: () => number): Promise<number> {
    const clock = new ManualClock();
    const server = { up: true };
    const network = new NetworkService({
      probe: async () => (server.up ? ok(undefined) : err(down)),
      clock,
      timers: clock,
      random,
    });
    network.start();
    await flush();
    server.up = false;
    network.report(err(down));
    const step = 250;
    for (let t = 0; t < outageMs; t += step) {
      clock.advance(step);
      await flush();
    }
    expect(network.state).toBe('offline');
    server.up = true;
    const back = clock.monotonic();
    while (network.state !== 'online') {
      clock.advance(step);
      await flush();
      if (clock.monotonic() - back > 10 * 60_000) throw new Error('never came back');
    }
    network.stop();
    return clock.monotonic() - back;
  }

  it.each([
    ['2 minutes', 2 * 60_000],
    ['10 minutes', 10 * 60_000],
  ])('after %s', async (_name, outageMs) => {
    const slowest = await timeToOnline(outageMs, () => 0.999);
    const typical = await timeToOnline(outageMs, () => 0.5);
    console.info(`time to Online after ${_name} away: ${typical} ms (jitter 0.5), ${slowest} ms at worst`);
    expect(slowest).toBeLessThanOrEqual(10_000);
    expect(typical).toBeLessThanOrEqual(slowest);
  });

  it('a probe at once when the OS network comes back or the officer presses "Try again now"', async () => {
    const { clock, server, network } = setUp(() => 0.999);
    network.start();
    await flush();
    server.up = false;
    network.report(err(down));
    clock.advance(3_600_000);
    await flush();
    server.up = true;
    const probes = server.probes;
    expect(await network.check()).toBe('online');
    expect(server.probes).toBe(probes + 1);
  });
});

describe('SyncScheduler', () => {
  function withScheduler(
    outcomes: (AppError | undefined)[],
    extra: { pending?: () => number; nextRetryAt?: () => number | null } = {},
  ) {
    const env = setUp();
    const runs: number[] = [];
    const sync = async (): Promise<SyncSummary> => {
      runs.push(env.clock.monotonic());
      const error = outcomes.shift();
      const summary = {
        syncId: runs.length,
        pulled: 0,
        pushed: 0,
        conflicts: 0,
        needsAttention: 0,
        pending: extra.pending?.() ?? 0,
        requests: 1,
        bytesUp: 0,
        bytesDown: 0,
        ms: 1,
      };
      if (error) env.network.report(err(error) as Result<unknown>);
      return error ? { ...summary, error } : summary;
    };
    const scheduler = new SyncScheduler({
      network: env.network,
      sync,
      intervalMs: 300_000,
      backoff,
      clock: env.clock,
      timers: env.clock,
      random: () => 0.5,
      ...(extra.nextRetryAt ? { nextRetryAt: extra.nextRetryAt } : {}),
    });
    return { ...env, runs, scheduler };
  }

  it('syncs periodically while all is well', async () => {
    const { clock, runs, scheduler } = withScheduler([]);
    scheduler.start();
    for (let i = 0; i < 3; i++) {
      clock.advance(clock.delays()[0] ?? 0);
      await flush();
    }
    expect(runs).toEqual([0, 300_000, 600_000]);
  });

  it('backs off with jitter after server failures and returns to the interval after a success', async () => {
    const server: AppError = { code: 'SERVER', message: '503' };
    const { clock, runs, scheduler } = withScheduler([undefined, server, server, server, undefined]);
    scheduler.start();
    for (let i = 0; i < 6; i++) {
      clock.advance(clock.delays()[0] ?? 0);
      await flush();
    }
    const gaps = runs.slice(1).map((t, i) => t - (runs[i] ?? 0));
    expect(gaps).toEqual([300_000, 750, 1_500, 3_000, 300_000]);
    expect(scheduler.consecutiveFailures).toBe(0);
  });

  it('waits while the server is unreachable and syncs as soon as it is back', async () => {
    const { clock, server, network, runs, scheduler } = withScheduler([down]);
    network.start();
    await flush();
    scheduler.start();
    server.up = false;
    clock.advance(clock.delays()[0] ?? 0); // the first sync fails: unreachable
    await flush();
    expect(network.state).toBe('offline');
    expect(scheduler.nextSyncAt).toBeUndefined();
    server.up = true;
    clock.advance(clock.delays()[0] ?? 0); // the network service's probe finds it again
    await flush();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toBe(750);
  });

  it('owns the sync after an edit: a nudge syncs within its delay, a sooner plan stays, offline waits', async () => {
    const { clock, runs, scheduler, network, server } = withScheduler([]);
    scheduler.start();
    clock.advance(0);
    await flush();
    expect(runs).toEqual([0]);
    scheduler.nudge(1_000);
    scheduler.nudge(1_000);
    clock.advance(500);
    scheduler.nudge(2_000); // a later nudge does not push the planned sync back
    clock.advance(500);
    await flush();
    expect(runs).toEqual([0, 1_000]);
    expect(clock.delays()).toEqual([300_000]);
    server.up = false;
    network.report(err(down) as Result<unknown>);
    scheduler.nudge(1_000);
    expect(clock.delays().every((d) => d !== 1_000)).toBe(true);
  });

  it('a nudge during a running sync is planned once that sync ends', async () => {
    const { clock, runs, scheduler } = withScheduler([]);
    scheduler.start();
    clock.advance(0);
    scheduler.nudge(1_000); // the first sync is still running
    await flush();
    expect(clock.delays()).toEqual([1_000]);
    clock.advance(1_000);
    await flush();
    expect(runs).toEqual([0, 1_000]);
  });

  it('syncs again when an operation backing off is due, not at the next periodic sync', async () => {
    let pending = 1;
    const { clock, runs, scheduler } = withScheduler([], {
      pending: () => pending,
      nextRetryAt: () => clock.now() + 4_000,
    });
    scheduler.start();
    clock.advance(0);
    await flush();
    expect(clock.delays()).toEqual([4_250]);
    pending = 0;
    clock.advance(4_250);
    await flush();
    expect(runs).toEqual([0, 4_250]);
    expect(clock.delays()).toEqual([300_000]);
  });
});
