import { sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { snakeCase } from '../../shared/entity/naming.js';
import type { GeneratedBatch } from '../../shared/fixtures/index.js';
import type { ServerDb } from '../db/server-database.js';
import { deriveScope, type RecordScope } from '../scope/record-scope.js';
import type { ScopeModel } from '../scope/scope-model.js';
import { takeFeedSeqs } from '../sync/feed-head.js';
import { ident } from '../sync/sql-helpers.js';

/**
 * Loads generated records straight into the tables, a batch per statement (`json_populate_recordset`
 * over one JSON parameter: the same fast path on PGlite and PostgreSQL), deriving each record's scope
 * from its owner as the write path does. For seeding trusted fixtures only: no per-record validation.
 */
export class BulkLoader {
  private readonly scopes = new Map<string, RecordScope>();
  private readonly owners: ReadonlySet<string>;
  loaded = 0;

  constructor(
    private readonly db: ServerDb,
    private readonly graph: EntityGraph,
    private readonly model: ScopeModel,
    private readonly now: string,
  ) {
    this.owners = new Set(graph.ordered.flatMap((d) => (d.ownerRef ? [d.ownerRef.entity] : [])));
  }

  async load(batch: GeneratedBatch): Promise<void> {
    const def = this.graph.byName.get(batch.entity);
    if (!def) throw new Error(`Unknown entity type ${batch.entity} in seed data`);
    const rows = batch.records.map((record) => this.row(def, record));
    const columns = ['id', ...Object.keys(def.fields).map(snakeCase), ...META_COLUMNS];
    const list = sql.raw(columns.map((c) => `"${c}"`).join(', '));
    const table = ident(def.table);
    await this.db.transaction(async (tx) => {
      const base = await takeFeedSeqs(tx, rows.length);
      await tx.execute(
        sql`INSERT INTO ${table} (${list}, seq)
            SELECT ${list}, ${base}::bigint + x.ordinality
            FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(rows)}::json) WITH ORDINALITY AS x`,
      );
    });
    this.loaded += rows.length;
  }

  private row(def: EntityDef, record: { id: string } & Record<string, unknown>): Record<string, unknown> {
    const ownerId = def.ownerRef ? String(record[def.ownerRef.field]) : undefined;
    const scope = deriveScope(this.model, def, record.id, ownerId ? this.scopes.get(ownerId) : undefined);
    if (!scope) throw new Error(`Seed ${def.name} ${record.id}: owner ${ownerId} not loaded before it`);
    if (this.owners.has(def.name)) this.scopes.set(record.id, scope);
    const row: Record<string, unknown> = { id: record.id };
    for (const name of Object.keys(def.fields)) row[snakeCase(name)] = record[name] ?? null;
    return {
      ...row,
      version: 1,
      updated_at: this.now,
      deleted: false,
      organisation_scope: scope.organisation,
      district_scope: scope.district,
      last_client_id: null,
    };
  }
}

const META_COLUMNS = ['version', 'updated_at', 'deleted', 'organisation_scope', 'district_scope', 'last_client_id'];
