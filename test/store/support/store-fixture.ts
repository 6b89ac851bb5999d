import { LocalStore, type LocalStoreOptions, rawConnection } from '../../../src/main/store/local-store.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import { generateDeployment } from '../../../src/shared/fixtures/index.js';
import type { WireRecord } from '../../../src/shared/protocol/records.js';

/** A clock tests move by hand. */
export class TestClock {
  constructor(private ms = Date.parse('2025-03-01T08:00:00.000Z')) {}
  readonly now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Deterministic UUIDs (valid v4 shape) so failures are reproducible. */
export function sequentialIds(prefix = 0): () => string {
  let n = 0;
  return () => {
    n++;
    const hex = (prefix * 0x1_0000_0000 + n).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${hex}`;
  };
}

/** An in-memory store with a hand clock, fixed jitter and deterministic ids. */
export function openTestStore(options: Partial<LocalStoreOptions> = {}): { store: LocalStore; clock: TestClock } {
  const clock = new TestClock();
  const store = LocalStore.open({
    path: ':memory:',
    now: clock.now,
    random: () => 0.5,
    newId: sequentialIds(),
    ...options,
  });
  return { store, clock };
}

export const T0 = '2025-01-15T10:30:00.000Z';

/** A server record of `fields` at `version`. */
export function wire(fields: { id: string } & Record<string, unknown>, version = 1, updatedAt = T0): WireRecord {
  return { ...fields, version, updatedAt, deleted: false };
}

export function tombstone(id: string, version: number, updatedAt = T0): WireRecord {
  return { id, version, updatedAt, deleted: true };
}

export type Seed = Map<string, ({ id: string } & Record<string, unknown>)[]>;

/** The `tiny` reference deployment, by entity name (parents first). */
export function tinyDeployment(): Seed {
  const seed: Seed = new Map();
  for (const batch of generateDeployment({ profile: 'tiny' })) {
    seed.set(batch.entity, [...(seed.get(batch.entity) ?? []), ...batch.records]);
  }
  return seed;
}

/** Applies a deployment to the store at version 1, one page per entity type. */
export function applyDeployment(store: LocalStore, seed: Seed): void {
  for (const [entity, records] of seed) {
    const def = entityGraph.byName.get(entity);
    if (!def) throw new Error(`unknown entity ${entity}`);
    const result = store.applyServerPage({
      changes: [{ collection: def.collection, items: records.map((r) => wire(r)) }],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  }
}

/** The first record of a type in the deployment. */
export function first(seed: Seed, entity: string): { id: string } & Record<string, unknown> {
  const record = seed.get(entity)?.[0];
  if (!record) throw new Error(`no ${entity} in the deployment`);
  return record;
}

/** Row counts of every entity table and of the bookkeeping tables. */
export function tableCounts(store: LocalStore): Record<string, number> {
  const tables = [...entityGraph.ordered.map((d) => d.table), 'outbox', 'conflicts', 'sync_cursors'];
  return Object.fromEntries(
    tables.map((t) => [t, rawConnection(store).sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
  );
}

/** Unwraps a `Result` in a test, failing with the error when it is not ok. */
export function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
