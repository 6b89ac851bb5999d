import type Database from 'better-sqlite3';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import type { WireRecord } from '../../shared/protocol/records.js';
import { compileFastValidator, type FastValidator } from './codec/fast-validator.js';
import {
  type ColumnCodec,
  columnCodecs,
  decodeFields,
  encodeFieldsInto,
  type Fields,
  quote,
} from './codec/row-codec.js';
import type { LocalState } from './schema/entity-table.js';

/** One entity row with its sync metadata, fields decoded to wire form. */
export interface StoredRow {
  readonly id: string;
  readonly fields: Fields;
  /** Server version this row mirrors; `null` until the server accepted the record. */
  readonly version: number | null;
  readonly updatedAt: string | null;
  readonly deleted: boolean;
  readonly localState: LocalState;
  readonly baseVersion: number | null;
  /** Server fields at `baseVersion` (only while pending). */
  readonly base: Fields | null;
  readonly localUpdatedAt: string | null;
}

const META_COLUMNS = [
  ['_version', 'version'],
  ['_updated_at', 'updatedAt'],
  ['_deleted', 'deleted'],
  ['_local_state', 'localState'],
  ['_base_version', 'baseVersion'],
  ['_base', 'base'],
  ['_local_updated_at', 'localUpdatedAt'],
] as const;

/**
 * The prepared statements of one entity table, built once per store: the pull path binds arrays
 * into them and never builds SQL per row. Everything here is synchronous (better-sqlite3).
 */
export class EntityStatements {
  readonly codecs: readonly ColumnCodec[];
  readonly fastValidator: FastValidator;
  private readonly upsert: Database.Statement;
  private readonly replace: Database.Statement;
  private readonly tombstone: Database.Statement;
  private readonly replaceTombstone: Database.Statement;
  private readonly select: Database.Statement;
  private readonly pending: Database.Statement;
  private readonly insertRow: Database.Statement;
  private readonly writeRow: Database.Statement;
  private readonly deleteRow: Database.Statement;
  private readonly deletedFlag: Database.Statement;
  private readonly byParent = new Map<string, { ids: Database.Statement; live: Database.Statement }>();
  /** Reused bind array of the upsert (one allocation per table, not per record). */
  private readonly upsertArgs: unknown[];

  constructor(
    private readonly sqlite: Database.Database,
    readonly def: EntityDef,
  ) {
    this.codecs = columnCodecs(def);
    this.fastValidator = compileFastValidator(def);
    const t = quote(def.table);
    const cols = this.codecs.map((c) => quote(c.column));
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const assignFields = cols.map((c) => `${c} = excluded.${c}`).join(', ');
    // The common pull path: insert, or overwrite a synced row with a newer version. Same or older
    // versions and rows with pending local edits are left alone (the caller merges those).
    const upsertSql = `INSERT INTO ${t} ("id", ${cols.join(', ')}, "_version", "_updated_at", "_deleted", "_local_state")
       VALUES (?, ${marks(cols.length)}, ?, ?, 0, 'synced')
       ON CONFLICT("id") DO UPDATE SET ${assignFields}, "_version" = excluded."_version",
         "_updated_at" = excluded."_updated_at", "_deleted" = 0
       WHERE ${t}."_local_state" = 'synced'`;
    this.upsert = sqlite.prepare(`${upsertSql} AND excluded."_version" > ${t}."_version"`);
    // A re-download from scratch (RESYNC) takes the server's record as it is, even at a version this
    // copy already passed: a server restored from a backup is the truth from then on.
    this.replace = sqlite.prepare(upsertSql);
    this.upsertArgs = new Array(cols.length + 3);
    this.tombstone = sqlite.prepare(
      `UPDATE ${t} SET "_deleted" = 1, "_version" = ?, "_updated_at" = ?
       WHERE "id" = ? AND "_local_state" = 'synced' AND "_version" < ?`,
    );
    this.replaceTombstone = sqlite.prepare(
      `UPDATE ${t} SET "_deleted" = 1, "_version" = ?, "_updated_at" = ?
       WHERE "id" = ? AND "_local_state" = 'synced' AND ("_version" <> ? OR "_deleted" = 0)`,
    );
    const selectList = [
      '"id"',
      ...this.codecs.map((c) => `${quote(c.column)} AS ${quote(c.field)}`),
      ...META_COLUMNS.map(([column, alias]) => `${quote(column)} AS ${quote(alias)}`),
    ].join(', ');
    this.select = sqlite.prepare(`SELECT ${selectList} FROM ${t} WHERE "id" = ?`);
    this.pending = sqlite.prepare(`SELECT "id" FROM ${t} WHERE "_local_state" = 'pending'`).pluck();
    const allCols = ['"id"', ...cols, ...META_COLUMNS.map(([column]) => quote(column))];
    this.insertRow = sqlite.prepare(`INSERT INTO ${t} (${allCols.join(', ')}) VALUES (${marks(allCols.length)})`);
    this.writeRow = sqlite.prepare(
      `UPDATE ${t} SET ${allCols
        .slice(1)
        .map((c) => `${c} = ?`)
        .join(', ')} WHERE "id" = ?`,
    );
    this.deleteRow = sqlite.prepare(`DELETE FROM ${t} WHERE "id" = ?`);
    this.deletedFlag = sqlite.prepare(`SELECT "_deleted" FROM ${t} WHERE "id" = ?`).pluck();
  }

  /**
   * Applies a checked live wire record unless the row is newer or pending (`replace`: unless pending);
   * `true` when it wrote.
   */
  upsertSynced(record: WireRecord, replace = false): boolean {
    const args = this.upsertArgs;
    args[0] = record.id;
    encodeFieldsInto(this.codecs, record, args, 1);
    args[this.codecs.length + 1] = record.version;
    args[this.codecs.length + 2] = record.updatedAt;
    return (replace ? this.replace : this.upsert).run(args).changes > 0;
  }

  /**
   * Marks a synced row deleted at a newer version; `false` for unknown ids and same/older versions.
   * `replace` (a re-download from scratch) takes the server's version whatever it is.
   */
  tombstoneSynced(id: string, version: number, updatedAt: string, replace = false): boolean {
    return (replace ? this.replaceTombstone : this.tombstone).run(version, updatedAt, id, version).changes > 0;
  }

  /** Ids of rows with local edits waiting in the outbox. */
  pendingIds(): Set<string> {
    return new Set(this.pending.all() as string[]);
  }

  get(id: string): StoredRow | undefined {
    const row = this.select.get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      id: row.id as string,
      fields: decodeFields(this.codecs, row),
      version: row.version as number | null,
      updatedAt: row.updatedAt as string | null,
      deleted: row.deleted === 1,
      localState: row.localState as LocalState,
      baseVersion: row.baseVersion as number | null,
      base: row.base === null ? null : (JSON.parse(row.base as string) as Fields),
      localUpdatedAt: row.localUpdatedAt as string | null,
    };
  }

  /** `undefined` when no row has this id, else whether it is a tombstone. */
  isDeleted(id: string): boolean | undefined {
    const flag = this.deletedFlag.get(id) as number | undefined;
    return flag === undefined ? undefined : flag === 1;
  }

  insert(row: StoredRow): void {
    this.insertRow.run(row.id, ...this.encodeRow(row));
  }

  /** Overwrites every column of an existing row. */
  write(row: StoredRow): void {
    this.writeRow.run(...this.encodeRow(row), row.id);
  }

  remove(id: string): void {
    this.deleteRow.run(id);
  }

  /** Ids of rows whose `field` references `parentId` (tombstones included). */
  childIds(field: string, parentId: string): string[] {
    return this.parentStatements(field).ids.all(parentId) as string[];
  }

  /** How many live (not deleted) rows reference `parentId` through `field`. */
  liveChildCount(field: string, parentId: string): number {
    return this.parentStatements(field).live.get(parentId) as number;
  }

  private parentStatements(field: string) {
    let statements = this.byParent.get(field);
    if (!statements) {
      const codec = this.codecs.find((c) => c.field === field);
      if (!codec) throw new Error(`${this.def.name} has no field ${field}`);
      const t = quote(this.def.table);
      const c = quote(codec.column);
      statements = {
        ids: this.sqlite.prepare(`SELECT "id" FROM ${t} WHERE ${c} = ?`).pluck(),
        live: this.sqlite.prepare(`SELECT count(*) FROM ${t} WHERE ${c} = ? AND "_deleted" = 0`).pluck(),
      };
      this.byParent.set(field, statements);
    }
    return statements;
  }

  private encodeRow(row: StoredRow): unknown[] {
    const values = new Array(this.codecs.length);
    encodeFieldsInto(this.codecs, row.fields, values, 0);
    return [
      ...values,
      row.version,
      row.updatedAt,
      row.deleted ? 1 : 0,
      row.localState,
      row.baseVersion,
      row.base === null ? null : JSON.stringify(row.base),
      row.localUpdatedAt,
    ];
  }
}
