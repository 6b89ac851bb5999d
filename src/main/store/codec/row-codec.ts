import type { EntityDef } from '../../../shared/entity/define-entity.js';
import type { Field } from '../../../shared/entity/field.js';
import { snakeCase } from '../../../shared/entity/naming.js';

/** A record's declared fields in wire form (booleans as booleans, JSON fields as values). */
export type Fields = Record<string, unknown>;

/** One declared field as the store binds it to SQLite. */
export interface ColumnCodec {
  readonly field: string;
  readonly column: string;
  readonly kind: Field['kind'];
  /** Wire value → SQLite value (better-sqlite3 binds numbers, strings and null only). */
  encode(value: unknown): unknown;
  /** SQLite value → wire value. */
  decode(value: unknown): unknown;
}

const same = (value: unknown) => value;
const encodeBool = (value: unknown) => (value === null ? null : value ? 1 : 0);
const decodeBool = (value: unknown) => (value === null ? null : value === 1);
const encodeJson = (value: unknown) => (value === null ? null : JSON.stringify(value));
const decodeJson = (value: unknown) => (value === null ? null : JSON.parse(value as string));

/** The column codecs of an entity type, in declaration order (the order every statement binds). */
export function columnCodecs(def: EntityDef): readonly ColumnCodec[] {
  return Object.entries(def.fields).map(([field, spec]) => ({
    field,
    column: snakeCase(field),
    kind: spec.kind,
    encode: spec.kind === 'bool' ? encodeBool : spec.kind === 'json' ? encodeJson : same,
    decode: spec.kind === 'bool' ? decodeBool : spec.kind === 'json' ? decodeJson : same,
  }));
}

/** Writes the encoded field values into `target` from `offset`, reusing the caller's array (hot path). */
export function encodeFieldsInto(
  codecs: readonly ColumnCodec[],
  fields: Readonly<Fields>,
  target: unknown[],
  offset: number,
): void {
  for (let i = 0; i < codecs.length; i++) {
    const codec = codecs[i] as ColumnCodec;
    target[offset + i] = codec.encode(fields[codec.field]);
  }
}

/** Decodes the field columns of a row selected with field-name aliases. */
export function decodeFields(codecs: readonly ColumnCodec[], row: Readonly<Record<string, unknown>>): Fields {
  const fields: Fields = {};
  for (const codec of codecs) fields[codec.field] = codec.decode(row[codec.field]);
  return fields;
}

/** SQL-quotes an identifier derived from a declaration (names are checked camelCase, but quote anyway). */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
