import { sql } from 'drizzle-orm';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { type DeploymentProfile, deploymentFacts, generateDeployment } from '../../shared/fixtures/index.js';
import { createUser } from '../auth/create-user.js';
import { queryRow, type ServerDb } from '../db/server-database.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { ident } from '../sync/sql-helpers.js';
import { BulkLoader } from './bulk-load.js';

/** The seeded users: `<username>/<password>`. */
export const DEMO_USERS = {
  /** All of the demo organisation. */
  demo: { username: 'demo', password: 'demo' },
  /** The demo organisation, District 1 only. */
  district: { username: 'district', password: 'district' },
  /** The second organisation. */
  other: { username: 'other', password: 'other' },
} as const;

export interface SeedResult {
  readonly seeded: boolean;
  readonly records: number;
  readonly ms: number;
}

const BATCH = 10_000;

/**
 * Fills an empty database with the demo deployment at `profile` size, the small second organisation
 * and the demo users. Does nothing when the database already holds data.
 */
export async function seedDemo(
  db: ServerDb,
  graph: EntityGraph,
  model: ScopeModel,
  profile: DeploymentProfile = 'reference',
  now: Date = new Date(),
): Promise<SeedResult> {
  const started = performance.now();
  const existing = await queryRow<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${ident(model.tenant.table)}`);
  if ((existing?.n ?? 0) > 0) return { seeded: false, records: 0, ms: 0 };
  const loader = new BulkLoader(db, graph, model, now.toISOString());
  for (const organisation of ['demo', 'other'] as const) {
    for (const batch of generateDeployment({ profile, organisation, batchSize: BATCH })) await loader.load(batch);
  }
  const demo = deploymentFacts({ profile, organisation: 'demo' });
  const other = deploymentFacts({ profile, organisation: 'other' });
  const districtOne = demo.districts.find((d) => d.name === 'District 1') ?? demo.districts[0];
  if (!districtOne) throw new Error('The demo deployment has no districts');
  await createUser(db, {
    ...DEMO_USERS.demo,
    displayName: 'Demo Officer',
    organisationId: demo.organisationId,
    districtIds: null,
  });
  await createUser(db, {
    ...DEMO_USERS.district,
    displayName: 'District 1 Officer',
    organisationId: demo.organisationId,
    districtIds: [districtOne.id],
  });
  await createUser(db, {
    ...DEMO_USERS.other,
    displayName: 'Other Officer',
    organisationId: other.organisationId,
    districtIds: null,
  });
  return { seeded: true, records: loader.loaded, ms: performance.now() - started };
}
