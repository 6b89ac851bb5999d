/**
 * The bench's concurrent clients, run in a worker thread: in a deployment the clients are other
 * machines, so their request building and response parsing must not take turns with the server on
 * its event loop. Each client pushes a create and an edit of its previous create per round and pulls
 * everyone else's changes, as fast as the answers come (a closed loop).
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
}

export interface ClientsOutput {
  readonly latencies: number[];
  readonly seconds: number;
  readonly notApplied: number;
  readonly failures: string[];
}

const input = workerData as ClientsInput;
const agent = new Agent({ keepAlive: true, maxSockets: input.tokens.length });
const latencies: number[] = [];
const failures: string[] = [];
let notApplied = 0;

const started = performance.now();
await Promise.all(
  input.tokens.map(async (token, n) => {
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' };
    const schoolId = input.schoolIds[n % input.schoolIds.length] ?? '';
    const clientId = randomUUID();
    let cursors = input.cursors;
    let previous: { id: string; version: number } | undefined;
    for (let round = 0; round < input.rounds; round++) {
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
      const res = await exchange(agent, url, '/api/sync', { cursors, push, clientId }, headers);
      latencies.push(performance.now() - t);
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
const output: ClientsOutput = { latencies, seconds: (performance.now() - started) / 1000, notApplied, failures };
agent.destroy();
parentPort?.postMessage(output);
