/**
 * The bench's concurrent clients, run in a worker thread: in a deployment the clients are other
 * machines, so their request building and response parsing must not take turns with the server on
 * its event loop. Each client pushes a create and an edit of its previous create per round and pulls
 * everyone else's changes, as fast as the answers come (a closed loop). The first `warmupRounds` of
 * each client are timed apart: right after start the server's push path is still being compiled by V8
 * (363 optimising compilations, ~0.36 of a core, during a 20-round run) and its pool's connections are
 * new, which is a cold start, not the rate the deployment holds.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { PushOp, SyncResponse } from '../../src/shared/protocol/sync.js';
import { exchange } from './http-exchange.js';

export interface ClientsInput {
  /** The server instances: each client sends its syncs to them in turn. */
  readonly urls: readonly string[];
  readonly tokens: readonly string[];
  readonly schoolIds: readonly string[];
  readonly cursors: Record<string, string>;
  readonly rounds: number;
  /** Rounds each client syncs before its measured ones. */
  readonly warmupRounds: number;
}

/** Latencies and the window they were taken in (first request sent to last answer read). */
export interface PhaseTimes {
  readonly latencies: number[];
  readonly seconds: number;
}

export interface ClientsOutput {
  readonly warmup: PhaseTimes;
  readonly measured: PhaseTimes;
  readonly notApplied: number;
  readonly failures: string[];
}

const input = workerData as ClientsInput;
const agent = new Agent({ keepAlive: true, maxSockets: input.tokens.length });
const failures: string[] = [];
let notApplied = 0;

/** One phase's latencies and the earliest start and latest end of its syncs. */
class Phase {
  readonly latencies: number[] = [];
  private first = Number.POSITIVE_INFINITY;
  private last = 0;
  record(started: number, ended: number) {
    this.latencies.push(ended - started);
    this.first = Math.min(this.first, started);
    this.last = Math.max(this.last, ended);
  }
  times(): PhaseTimes {
    return { latencies: this.latencies, seconds: Math.max(0, this.last - this.first) / 1000 };
  }
}
const warmup = new Phase();
const measured = new Phase();
const totalRounds = input.warmupRounds + input.rounds;

await Promise.all(
  input.tokens.map(async (token, n) => {
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' };
    const schoolId = input.schoolIds[n % input.schoolIds.length] ?? '';
    const clientId = randomUUID();
    let cursors = input.cursors;
    let previous: { id: string; version: number } | undefined;
    for (let round = 0; round < totalRounds; round++) {
      const id = randomUUID();
      const push: PushOp[] = [
        {
          opId: randomUUID(),
          entity: 'teacher',
          id,
          baseVersion: null,
          changes: { schoolId, firstName: 'Bench', lastName: `C${n}R${round}`, gender: 'other', active: true },
        },
      ];
      if (previous) {
        push.push({
          opId: randomUUID(),
          entity: 'teacher',
          id: previous.id,
          baseVersion: previous.version,
          changes: { phone: '+254 700 000000' },
        });
      }
      const t = performance.now();
      const url = input.urls[(n + round) % input.urls.length] ?? '';
      // As the app asks (src/main/sync/server-api.ts): changes in the columnar format.
      const request = { cursors, push, clientId, format: 'columns' };
      const res = await exchange(agent, url, '/api/sync', request, headers);
      (round < input.warmupRounds ? warmup : measured).record(t, performance.now());
      if (res.status !== 200) {
        failures.push(`client ${n} round ${round}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
        return;
      }
      const body = JSON.parse(res.body.toString()) as SyncResponse;
      notApplied += body.results.filter((r) => r.status !== 'applied').length;
      cursors = body.cursors;
      previous = { id, version: 1 };
    }
  }),
);
const output: ClientsOutput = { warmup: warmup.times(), measured: measured.times(), notApplied, failures };
agent.destroy();
parentPort?.postMessage(output);
