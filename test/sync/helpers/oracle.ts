import { isDeepStrictEqual } from 'node:util';
import type { LocalStore } from '../../../src/main/store/local-store.js';
import type { ServerApi } from '../../../src/main/sync/server-api.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import type { AppliedOp } from './push-recorder.js';
import { diffSnapshots, type Snapshot, serverSnapshot, storeSnapshot } from './replica.js';
import type { Tracker, Write } from './workload.js';

const collectionOf = (entity: string) => entityGraph.byName.get(entity)?.collection ?? entity;

/** What the oracle is given besides the stores: the schedule's start, and what the server applied. */
export interface OracleEvidence {
  /** Every collection's live records before the schedule (a replica in step with the server). */
  readonly initial: Snapshot;
  /** The ops the server applied during the schedule, from its own ledger (`PushRecorder.applied`). */
  readonly applied: readonly AppliedOp[];
  /** Each client's id, by client index. */
  readonly clientIds: readonly string[];
  /** Filled in: fields whose acknowledged writes came from two or more clients (contested). */
  readonly stats?: { contested: number };
}

/**
 * The convergence oracle, after faults stopped and every client synced twice. It models the final
 * value of every field of every record from what the clients wrote and what the server applied:
 * 1. every replica equals the server (all tables' live records, versions included) and has no row
 *    or outbox entry left unsynced, and no conflict still held for the officer;
 * 2. every write is acknowledged exactly once: an op the server applied, from the client that wrote it,
 *    carries the value — unless that client overwrote the field before anything of the record was
 *    applied, the record was deleted, the officer settled that field since, or another client's
 *    acknowledged write had the same value (both sides made the same change). Never twice;
 * 3. each field ends with the value of the acknowledged write the server applied last (its version),
 *    and a field nobody's write reached keeps its pre-schedule value; the officer's choice counts as a
 *    write made when it was made, so "keep mine" must reach the server and win;
 * 4. each record's version is its pre-schedule version plus the ops applied to it (none applied twice);
 *    a record is gone exactly when the server applied a delete of it (deleted ones stay deleted,
 *    nothing vanishes), and every create reached the server unless it was deleted;
 * 5. every conflict is recorded: two clients' edits from the same base version left a conflict row.
 * Returns the violations (empty when the schedule converged).
 */
export async function checkConvergence(
  reader: ServerApi,
  stores: readonly LocalStore[],
  tracker: Tracker,
  evidence: OracleEvidence,
): Promise<string[]> {
  const failures: string[] = [];
  const server = await serverSnapshot(reader);
  stores.forEach((store, i) => {
    const { live, unsynced } = storeSnapshot(store);
    if (unsynced.length > 0) failures.push(`client ${i}: rows not synced: ${unsynced.slice(0, 5).join(', ')}`);
    for (const d of diffSnapshots(server, live, 5)) failures.push(`client ${i}: ${d}`);
    const counts = store.outboxCounts();
    if (Object.values(counts).some((n) => n > 0)) {
      const ops = store.listOutbox().map((o) => `${o.entity}/${o.recordId} ${o.state} ${o.lastError?.code ?? ''}`);
      failures.push(`client ${i}: outbox not empty: ${ops.slice(0, 5).join('; ')}`);
    }
    const held = store.listConflicts({ status: 'open' }).filter((c) => c.kind === 'held');
    if (held.length > 0) failures.push(`client ${i}: ${held.length} conflict(s) still held`);
  });

  const clientOf = new Map(evidence.clientIds.map((id, i) => [id, i]));
  // The server stamps an op when it reads the request; the op's content was fixed earlier, when its
  // client's sync took it from the outbox. A request the client gave up on (a reset, a stall) can be
  // read after later steps ran, so it is dated by the last sync of its client that started before it
  // arrived: an op cannot carry a write made after that (the client's own later writes of the field
  // are not "lost" because an older op of the record arrived late).
  const sentBy = (client: number, arrived: number) =>
    tracker.syncs.filter((s) => s.client === client && s.t <= arrived).at(-1)?.t ?? arrived;
  const applied = evidence.applied.map((op) => {
    const client = clientOf.get(op.clientId ?? '') ?? -1;
    return { ...op, client, t: sentBy(client, op.t) };
  });
  const appliedTo = groupBy(applied, (op) => `${op.entity}/${op.id}`);
  const finalOf = (entity: string, id: string) => server[collectionOf(entity)]?.[id];
  const initialOf = (entity: string, id: string) => evidence.initial[collectionOf(entity)]?.[id];

  // 4. Versions, deletes and creates, as the server applied them.
  const records = new Set([...appliedTo.keys(), ...tracker.writes.map((w) => `${w.entity}/${w.id}`)]);
  for (const key of records) {
    const [entity = '', id = ''] = key.split('/');
    const ops = [...(appliedTo.get(key) ?? [])].sort((a, b) => a.version - b.version);
    const final = finalOf(entity, id);
    const before = initialOf(entity, id);
    const deletes = ops.filter((op) => op.delete);
    const writes = ops.filter((op) => !op.delete);
    const twice = writes.filter((op, i) => writes.findIndex((o) => o.version === op.version) !== i);
    if (twice.length > 0) failures.push(`${key}: two applied ops produced version ${twice[0]?.version}`);
    if (final) {
      if (deletes.length > 0) failures.push(`${key} is live again after the server applied its delete`);
      const expected = Number(before?.version ?? 0) + writes.length;
      if (final.version !== expected)
        failures.push(
          `${key}: version ${String(final.version)}, but ${writes.length} op(s) were applied on version ${String(before?.version ?? 0)}`,
        );
    } else if (before && deletes.length === 0) failures.push(`${key} vanished though no delete of it was applied`);
  }
  const deletedKeys = new Set(tracker.deleted.map((d) => `${d.entity}/${d.id}`));
  for (const c of tracker.created) {
    const key = `${c.entity}/${c.id}`;
    const create = appliedTo.get(key)?.find((op) => op.baseVersion === null && !op.delete);
    if (!create && !deletedKeys.has(key)) failures.push(`created ${key} never reached the server`);
    if (create && create.client !== c.client) failures.push(`created ${key} was created by client ${create.client}`);
    if (create && !finalOf(c.entity, c.id) && !appliedTo.get(key)?.some((op) => op.delete))
      failures.push(`created ${key} is missing`);
  }

  // 2. Each write acknowledged exactly once (or excused); 3. the last acknowledged write wins.
  const byField = groupBy(tracker.writes, (w) => `${w.entity}/${w.id}/${w.field}`);
  for (const [key, writes] of byField) {
    const { entity, id, field } = writes[0] as Write;
    const final = finalOf(entity, id);
    if (!final) continue; // deleted: checked above; a delete wins over every edit
    const acked: { write: Write; version: number }[] = [];
    const unacked: Write[] = [];
    for (const w of writes) {
      const next = writes.find((o) => o.client === w.client && o.t > w.t);
      const mine = (appliedTo.get(`${entity}/${id}`) ?? []).filter(
        (op) => op.client === w.client && !op.delete && op.t > w.t && (!next || op.t <= next.t),
      );
      const acks = mine.filter((op) => field in op.changes && isDeepStrictEqual(op.changes[field], w.value));
      if (acks.length > 1)
        failures.push(
          `${key}: ${show(w.value)} (client ${w.client}) applied ${acks.length} times (versions ${acks.map((a) => a.version).join(', ')})`,
        );
      // The first application is the write (a second one is reported above, and must not win).
      if (acks.length > 0) acked.push({ write: w, version: Math.min(...acks.map((a) => a.version)) });
      else if (next && !mine.some((op) => op.t < next.t)) {
        // overwritten by the same client before anything of the record reached the server
      } else unacked.push(w);
    }
    for (const w of unacked) {
      const settled = tracker.choices.some(
        (c) => c.client === w.client && c.entity === entity && c.id === id && c.fields.includes(field) && c.t > w.t,
      );
      const same =
        w.revert ||
        (w.origin !== 'officer' &&
          acked.some(({ write }) => write.client !== w.client && isDeepStrictEqual(write.value, w.value)));
      if (settled || same) continue;
      if (w.origin === 'officer')
        failures.push(
          `${key}: the officer kept client ${w.client}'s ${show(w.value)}, but it never reached the server`,
        );
      else
        failures.push(
          `lost write ${key}: client ${w.client} wrote ${show(w.value)} (step ${w.step}), no applied op carried it`,
        );
    }
    if (evidence.stats && new Set(acked.map((a) => a.write.client)).size > 1) evidence.stats.contested++;
    const winner = acked.sort((a, b) => a.version - b.version).at(-1);
    const expected = winner ? winner.write.value : initialOf(entity, id)?.[field];
    if ((winner || initialOf(entity, id)) && !isDeepStrictEqual(final[field], expected))
      failures.push(
        `${key} ended as ${show(final[field])}, expected ${show(expected)} (${
          winner
            ? `client ${winner.write.client}'s write, applied last at version ${winner.version}`
            : 'no write reached the server'
        })`,
      );
  }

  // Untouched fields (and records) keep their pre-schedule values.
  for (const [collection, table] of Object.entries(evidence.initial)) {
    const def = entityGraph.byCollection.get(collection);
    for (const [id, before] of Object.entries(table)) {
      const after = server[collection]?.[id];
      if (!after || !def) continue;
      const key = `${def.name}/${id}`;
      if (!appliedTo.has(key) && after.version !== before.version)
        failures.push(`${key}: version ${String(after.version)}, but nothing was applied to it`);
      for (const field of Object.keys(before)) {
        if (field === 'version' || byField.has(`${key}/${field}`)) continue;
        if (!isDeepStrictEqual(after[field], before[field]))
          failures.push(`${key}/${field}: nobody wrote it, yet ${show(before[field])} became ${show(after[field])}`);
      }
    }
  }

  // 5. Concurrent edits from the same base version left a conflict row.
  const conflicted = new Set(stores.flatMap((s) => s.listConflicts().map((c) => `${c.entity}/${c.recordId}`)));
  for (const [key, writes] of groupBy(
    tracker.writes.filter((w) => w.origin === 'edit'),
    (w) => `${w.entity}/${w.id}`,
  )) {
    const byBase = groupBy(writes, (w) => String(w.baseVersion));
    const concurrent = [...byBase.values()].some((ws) => new Set(ws.map((w) => w.client)).size > 1);
    if (concurrent && !conflicted.has(key) && !deletedKeys.has(key)) {
      failures.push(`${key}: concurrent edits from the same base version left no conflict record`);
    }
  }
  return failures;
}

const show = (value: unknown) => JSON.stringify(value) ?? 'undefined';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
