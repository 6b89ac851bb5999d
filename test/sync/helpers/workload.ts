import { isDeepStrictEqual } from 'node:util';
import { type LocalStore, rawConnection } from '../../../src/main/store/local-store.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import type { Random } from '../../../src/shared/fixtures/random.js';

/** One field write a client made, as the oracle remembers it. */
export interface Write {
  readonly client: number;
  readonly entity: string;
  readonly id: string;
  readonly field: string;
  readonly value: unknown;
  /** The server version the client's edit started from (same base on two clients = concurrent). */
  readonly baseVersion: number | null;
  readonly step: number;
  /** The harness clock when the write was made (`Tracker.now`): pushes stamped later may carry it. */
  readonly t: number;
  /** An officer's edit, a create's initial value, or the officer's choice when settling a held conflict. */
  readonly origin: 'edit' | 'create' | 'officer';
  /** The value is the server's as this client last saw it (an edit undone): nothing needs to carry it. */
  readonly revert?: boolean;
}

/** The officer settled a held conflict of one client: which fields, which side, when. */
export interface Choice {
  readonly client: number;
  readonly entity: string;
  readonly id: string;
  readonly fields: readonly string[];
  readonly side: 'local' | 'server';
  readonly t: number;
}

/** Records the schedule edits: a few seed records per type, so clients collide often. */
export interface Pool {
  readonly schools: readonly string[];
  readonly teachers: readonly string[];
  readonly visits: readonly string[];
}

/** What the clients did, for the oracle. */
export class Tracker {
  readonly writes: Write[] = [];
  readonly created: { client: number; entity: string; id: string }[] = [];
  readonly deleted: { client: number; entity: string; id: string }[] = [];
  readonly choices: Choice[] = [];
  /** When each client started a sync (harness clock): an op it pushed was taken from its outbox then. */
  readonly syncs: { client: number; t: number }[] = [];
  /** The harness clock: advanced before every step, officer round and sync round. */
  now = 0;
  /** Values a record had before the schedule touched it: entity/id → fields. */
  readonly initial = new Map<string, Record<string, unknown>>();
  private serial = 0;

  token(seed: number, client: number): string {
    return `s${seed}-c${client}-${++this.serial}`;
  }

  remember(store: LocalStore, entity: string, id: string): void {
    const key = `${entity}/${id}`;
    if (this.initial.has(key)) return;
    const record = store.getRecord(entity, id);
    if (record) this.initial.set(key, { ...record.fields });
  }
}

/** The seed records every client may edit, read from a synced store (same server seed, same ids). */
export function poolOf(store: LocalStore, size = 3): Pool {
  const ids = (table: string) =>
    (
      rawConnection(store)
        .sqlite.prepare(`SELECT id FROM ${table} WHERE _deleted = 0 ORDER BY id LIMIT ${size}`)
        .all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  return { schools: ids('schools'), teachers: ids('teachers'), visits: ids('school_visits') };
}

/** Edits one to three fields of a pool record; the values are unique tokens so the oracle can trace them. */
export function randomEdit(ctx: ActionContext): void {
  const { rng, store, pool, tracker } = ctx;
  const kind = rng.pick(['school', 'teacher', 'schoolVisit', 'createdTeacher'] as const);
  const created = tracker.created.filter((c) => isLive(store, c.entity, c.id));
  const target =
    kind === 'school'
      ? { entity: 'school', id: rng.pick(pool.schools), fields: ['name', 'headTeacher', 'phone', 'enrolment'] }
      : kind === 'teacher' || created.length === 0
        ? { entity: 'teacher', id: rng.pick(pool.teachers), fields: ['firstName', 'phone', 'qualification'] }
        : kind === 'schoolVisit'
          ? { entity: 'schoolVisit', id: rng.pick(pool.visits), fields: ['notes', 'monitorName'] }
          : { entity: 'teacher', id: rng.pick(created).id, fields: ['firstName', 'qualification'] };
  if (!isLive(store, target.entity, target.id)) return;
  const fields = target.fields.filter(() => rng.chance(0.5));
  if (fields.length === 0) fields.push(rng.pick(target.fields));
  const changes = Object.fromEntries(
    fields.map((f) => [f, f === 'enrolment' ? rng.int(0, 99_999) : tracker.token(ctx.seed, ctx.client)]),
  );
  write(ctx, target.entity, target.id, changes);
}

/** Reviews a pool visit: review fields are manual, so concurrent reviews are held for the officer. */
export function randomReview(ctx: ActionContext): void {
  const id = ctx.rng.pick(ctx.pool.visits);
  if (!isLive(ctx.store, 'schoolVisit', id)) return;
  write(ctx, 'schoolVisit', id, {
    reviewStatus: ctx.rng.pick(['approved', 'flagged']),
    reviewComment: ctx.tracker.token(ctx.seed, ctx.client),
  });
}

/** Creates a teacher at a pool school. */
export function randomCreate(ctx: ActionContext): void {
  const { rng, store, pool, tracker } = ctx;
  const schoolId = rng.pick(pool.schools);
  if (!isLive(store, 'school', schoolId)) return;
  const res = store.createRecord('teacher', {
    schoolId,
    firstName: tracker.token(ctx.seed, ctx.client),
    lastName: 'Created',
    gender: rng.pick(['female', 'male', 'other']),
    active: true,
  });
  if (!res.ok) throw new Error(`create failed: ${res.error.message}`);
  tracker.created.push({ client: ctx.client, entity: 'teacher', id: res.value.id });
  const created = store.getRecord('teacher', res.value.id);
  for (const field of ['firstName', 'lastName', 'gender']) {
    tracker.writes.push({
      client: ctx.client,
      entity: 'teacher',
      id: res.value.id,
      field,
      value: created?.fields[field],
      baseVersion: null,
      step: ctx.step,
      t: tracker.now,
      origin: 'create',
    });
  }
}

/** Deletes a teacher some client created (it has no children), when this client has it. */
export function randomDelete(ctx: ActionContext): void {
  const candidates = ctx.tracker.created.filter((c) => isLive(ctx.store, c.entity, c.id));
  if (candidates.length === 0) return;
  const target = ctx.rng.pick(candidates);
  const res = ctx.store.deleteRecord(target.entity, target.id);
  if (!res.ok) throw new Error(`delete failed: ${res.error.message}`);
  ctx.tracker.deleted.push({ client: ctx.client, entity: target.entity, id: target.id });
}

export interface ActionContext {
  readonly rng: Random;
  readonly store: LocalStore;
  readonly pool: Pool;
  readonly tracker: Tracker;
  readonly seed: number;
  readonly client: number;
  readonly step: number;
}

function write(ctx: ActionContext, entity: string, id: string, changes: Record<string, unknown>): void {
  ctx.tracker.remember(ctx.store, entity, id);
  const before = ctx.store.getRecord(entity, id);
  const baseVersion = before?.localState === 'pending' ? before.baseVersion : (before?.version ?? null);
  const server = before?.localState === 'pending' ? baseFields(ctx.store, entity, id) : before?.fields;
  const res = ctx.store.updateRecord(entity, id, changes);
  if (!res.ok) throw new Error(`edit failed: ${res.error.message}`);
  if (res.value.opId === null) return;
  for (const [field, value] of Object.entries(changes)) {
    if (before?.fields[field] === value) continue;
    ctx.tracker.writes.push({
      client: ctx.client,
      entity,
      id,
      field,
      value,
      baseVersion,
      step: ctx.step,
      t: ctx.tracker.now,
      origin: 'edit',
      ...(server && isDeepStrictEqual(server[field], value) ? { revert: true } : {}),
    });
  }
}

/** The server's fields a pending row started from (`_base`). */
function baseFields(store: LocalStore, entity: string, id: string): Record<string, unknown> | undefined {
  const def = entityGraph.byName.get(entity);
  if (!def) return undefined;
  const row = rawConnection(store).sqlite.prepare(`SELECT _base AS base FROM "${def.table}" WHERE id = ?`).get(id) as
    | { base: string | null }
    | undefined;
  return row?.base ? (JSON.parse(row.base) as Record<string, unknown>) : undefined;
}

function isLive(store: LocalStore, entity: string, id: string): boolean {
  const record = store.getRecord(entity, id);
  return record !== undefined && !record.deleted;
}
