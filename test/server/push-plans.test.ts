import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/server-database.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { create, remove, teacherFields, update } from './helpers/records.js';

/**
 * A push's statements find the rows it names through their indexes, however the planner counts the rows
 * a statement unpacks from its parameters (issue #11): PostgreSQL takes `jsonb_to_recordset` for 100
 * rows, and joined against a table of a few hundred rows that made the stamp's edits and the stored
 * results a hash join over a scan of the whole table — dead versions too — under the feed lock, growing
 * with every push. Each statement is planned here as the push transaction plans it (generic plans, see
 * pg-transaction.ts) and no plan may scan a record table or the remembered ops whole.
 */
const postgres = process.env.TEST_DATABASE_URL;
if (!postgres) console.warn('push-plans.test: skipped — set TEST_DATABASE_URL to plan a push on PostgreSQL');

/** Tables a push must never scan whole: every entity's and the ops it remembers. */
const GUARDED = new Set([...entityGraph.ordered.map((def) => def.table), 'applied_ops']);

interface Captured {
  readonly text: string;
  readonly values: readonly unknown[];
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

describe.skipIf(!postgres)('the plans of a push (postgres)', () => {
  let server: TestServer;
  let planner: pg.Client;
  const seen: Captured[] = [];
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'small', database: 'postgres' });
    planner = new pg.Client({ connectionString: server.databaseUrl });
    await planner.connect();
    // A deployment some weeks old: it remembers thousands of applied ops, and its tables hold old
    // versions of edited records besides the live ones (the planner counts rows by the table's size).
    await server.db.execute(sql`INSERT INTO applied_ops (op_id, user_id, result)
      SELECT gen_random_uuid(), u.id, '{}'::jsonb FROM users u CROSS JOIN generate_series(1, 1000)`);
    for (const def of entityGraph.ordered) {
      for (let edit = 0; edit < 8; edit++)
        await server.db.execute(sql.raw(`UPDATE "${def.table}" SET version = version`));
    }
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [config] = args as [string | (Captured & { follower?: Captured })];
      if (typeof config === 'object' && config.text && config.values?.length) {
        seen.push({ text: config.text, values: config.values });
      }
      // A statement sent in the same round trip after it (a push's locks after its claim).
      if (typeof config === 'object' && config.follower) seen.push(config.follower);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await planner?.end();
    await server?.close();
  });

  /** The statement's generic plan, its parameters spelt as literals (EXPLAIN does not run it). */
  async function genericPlan({ text, values }: Captured): Promise<PlanNode> {
    const literals = values.map((v) => (v === null || v === undefined ? 'NULL' : planner.escapeLiteral(String(v))));
    await planner.query('SET plan_cache_mode = force_generic_plan');
    await planner.query(`PREPARE planned AS ${text}`);
    try {
      const result = await planner.query(`EXPLAIN (FORMAT JSON) EXECUTE planned(${literals.join(', ')})`);
      const [explained] = result.rows[0]['QUERY PLAN'] as [{ Plan: PlanNode }];
      return explained.Plan;
    } finally {
      await planner.query('DEALLOCATE planned');
    }
  }

  it('an edit, a create and a delete are stamped and remembered without scanning a whole table', async () => {
    const [teacher, other] = await queryRows<{ id: string; version: number; school_id: string }>(
      server.db,
      sql`SELECT id::text AS id, version, school_id::text AS school_id FROM teachers WHERE NOT deleted ORDER BY id LIMIT 2`,
    );
    if (!teacher || !other) throw new Error('the small deployment has teachers');
    // Every table holds hundreds of rows, enough that a scan costs more than a few index probes.
    const [size] = await queryRows<{ n: number }>(server.db, sql`SELECT count(*)::int AS n FROM teachers`);
    expect(size?.n).toBeGreaterThan(200);

    seen.length = 0;
    const clientId = randomUUID();
    // Creates and edits are written by the stamp; a delete (its cascade reads children) is written first
    // and stamped in place: two pushes, so both ways are planned.
    const written = await server.sync('demo', {
      clientId,
      cursors: {},
      push: [
        update('teacher', teacher.id, teacher.version, { phone: '+254 700 2' }),
        create('teacher', teacherFields(teacher.school_id)),
      ],
    });
    const removed = await server.sync('demo', {
      clientId,
      cursors: {},
      push: [remove('teacher', other.id, other.version)],
    });
    expect([...written.results, ...removed.results].map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const writes = seen.filter(({ text }) => /applied_ops|feed_lock|FOR NO KEY UPDATE|FOR KEY SHARE/.test(text));
    // Each push's claim (with the lock plan's read, for the delete), its locks, its stamp.
    expect(writes.length).toBeGreaterThanOrEqual(6);
    const scanned: string[] = [];
    for (const statement of writes) {
      const plan = await genericPlan(statement);
      for (const table of seqScans(plan)) {
        if (GUARDED.has(table)) scanned.push(`${table} in ${statement.text.replace(/\s+/g, ' ').slice(0, 80)}…`);
      }
    }
    expect(scanned).toEqual([]);
  });
});
