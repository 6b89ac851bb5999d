import type Database from 'better-sqlite3';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { EntityGraph } from '../../../shared/entity/entity-graph.js';
import { snakeCase } from '../../../shared/entity/naming.js';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { columnCodecs, decodeFields, quote } from '../codec/row-codec.js';
import { titleSql } from '../record-title.js';

type Row = Record<string, unknown>;

/**
 * What the read models (`read/*.ts`) build their SQL with: entity tables, columns and titles derived
 * from the declarations, and prepared statements cached per query key. Reads only: every write goes
 * through `LocalStore`, which keeps rows and outbox together.
 */
export class RecordReader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly sqlite: Database.Database,
    readonly graph: EntityGraph,
  ) {}

  /** A prepared statement, compiled once per key. */
  prepare(key: string, sql: () => string): Database.Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }

  def(entity: string): EntityDef {
    const def = this.graph.byName.get(entity);
    if (!def) throw new Error(`Unknown entity type ${entity}`);
    return def;
  }

  /** `select` list of a table: id, each field aliased to its name, the record's title and the sync markers. */
  columns(def: EntityDef, alias = 't'): string {
    const fields = columnCodecs(def).map((c) => `${alias}.${quote(c.column)} as ${quote(c.field)}`);
    return [
      `${alias}.id as id`,
      ...fields,
      `${titleSql(this.graph, def, alias)} as _title`,
      `${alias}._version as _version`,
      `${alias}._local_state as _localState`,
    ].join(', ');
  }

  /** A field's column, qualified with a table alias unless `alias` is `null`. */
  column(field: string, alias: string | null = 't'): string {
    return alias === null ? quote(snakeCase(field)) : `${alias}.${quote(snakeCase(field))}`;
  }

  table(entity: string): string {
    return quote(this.def(entity).table);
  }

  /** A row selected with `columns()` as the screens show it. */
  toView(def: EntityDef, row: Row, conflicted: ReadonlySet<string>): RecordView {
    return {
      entity: def.name,
      id: String(row.id),
      title: String(row._title),
      fields: decodeFields(columnCodecs(def), row),
      version: (row._version as number | null) ?? null,
      localState: row._localState === 'pending' ? 'pending' : 'synced',
      conflicted: conflicted.has(String(row.id)),
    };
  }

  /** One live record, or `undefined`. */
  byId(entity: string, id: string): RecordView | undefined {
    const def = this.def(entity);
    const row = this.prepare(
      `byId:${entity}`,
      () => `select ${this.columns(def)} from ${quote(def.table)} t where t.id = ? and t._deleted = 0`,
    ).get(id) as Row | undefined;
    return row ? this.toView(def, row, this.conflictedIds(entity)) : undefined;
  }

  /** Live records whose reference `field` points at `parentId`, in title order. */
  byRef(entity: string, field: string, parentId: string): RecordView[] {
    const def = this.def(entity);
    const order = def.titleField ? `${this.column(def.titleField)}, t.id` : 't.id';
    const rows = this.prepare(
      `byRef:${entity}:${field}`,
      () =>
        `select ${this.columns(def)} from ${quote(def.table)} t where ${this.column(field)} = ? and t._deleted = 0 order by ${order}`,
    ).all(parentId) as Row[];
    const conflicted = this.conflictedIds(entity);
    return rows.map((row) => this.toView(def, row, conflicted));
  }

  /** Ids of records of one type with an open conflict (few: read per call). */
  conflictedIds(entity: string): Set<string> {
    const rows = this.prepare(
      'conflicted',
      () => "select record_id as id from conflicts where status = 'open' and entity = ?",
    ).all(entity) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }
}
