import type { Field, FieldValue, RefField } from './field.js';
import { kebabCase, plural, snakeCase } from './naming.js';
import type { RecordRule } from './record-rules.js';

/** What an entity declaration says; everything else about the entity type is derived from it. */
export interface EntityOptions<N extends string, Fs extends Record<string, Field>> {
  /** camelCase singular, e.g. `schoolVisit`. */
  readonly name: N;
  /** What an officer calls one record, e.g. `School visit`. */
  readonly label: string;
  readonly fields: Fs;
  /**
   * The reference that owns this record (containment in the seed's tree). Defaults to the first
   * `ref` field. Tenant and district scope follow owners up to the root.
   */
  readonly owner?: RefKeys<Fs>;
  /** Fields whose overlapping edits are held for the officer instead of resolved last-write-wins. */
  readonly manualFields?: readonly (keyof Fs & string)[];
  /** Reference data that rarely changes (administrative hierarchy, forms): cacheable by clients. */
  readonly referenceData?: boolean;
  /** Field sets that must be unique among live records, e.g. one result per assessment. */
  readonly unique?: readonly (readonly (keyof Fs & string)[])[];
  /** Field shown as the record's title in lists. */
  readonly titleField?: keyof Fs & string;
  /**
   * Indexes of the local store beyond the references' (which every type has): field lists that a
   * screen filters and sorts by, e.g. the worklist's review status then date. The server ignores them.
   */
  readonly localIndexes?: readonly (readonly (keyof Fs & string)[])[];
  /** Rules relating fields of one record, checked by the store, the server and the conflicts screen. */
  readonly rules?: readonly (RecordRule & { readonly fields: readonly (keyof Fs & string)[] })[];
}

type RefKeys<Fs extends Record<string, Field>> = {
  [K in keyof Fs]: Fs[K] extends RefField ? K : never;
}[keyof Fs] &
  string;

/** A reference from one entity type to another. */
export interface EntityRef {
  readonly field: string;
  readonly column: string;
  readonly entity: string;
  readonly nullable: boolean;
}

/** A declared entity type with its derived names. */
export interface EntityDef<N extends string = string, Fs extends Record<string, Field> = Record<string, Field>>
  // Field-name options are widened to `string` here: `keyof Fs` would make definitions invariant in Fs.
  extends Omit<EntityOptions<N, Fs>, 'owner' | 'manualFields' | 'unique' | 'titleField' | 'localIndexes' | 'rules'> {
  /** The owning reference field, as declared (see `ownerRef`). */
  readonly owner?: string;
  readonly titleField?: string;
  /** API collection: kebab-case plural (`school-visits`). */
  readonly collection: string;
  /** SQL table name: snake_case plural (`school_visits`). */
  readonly table: string;
  /** Every `ref` field, in declaration order. */
  readonly refs: readonly EntityRef[];
  /** The owning reference, or `undefined` for the tenant root. */
  readonly ownerRef: EntityRef | undefined;
  readonly manualFields: readonly string[];
  readonly referenceData: boolean;
  readonly unique: readonly (readonly string[])[];
  readonly localIndexes: readonly (readonly string[])[];
  readonly rules: readonly RecordRule[];
}

/** The in-memory shape of one record's fields (without id and sync metadata). */
export type EntityFields<D extends EntityDef> =
  D extends EntityDef<string, infer Fs> ? { [K in keyof Fs]: FieldValue<Fs[K]> } : never;

/** Declares an entity type. Field names must be camelCase; `id` and names starting with `_` are reserved. */
export function defineEntity<const N extends string, const Fs extends Record<string, Field>>(
  options: EntityOptions<N, Fs>,
): EntityDef<N, Fs> {
  for (const name of Object.keys(options.fields)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name) || RESERVED.has(name)) {
      throw new Error(`Entity ${options.name}: field name "${name}" is reserved or not camelCase`);
    }
  }
  const refs: EntityRef[] = Object.entries(options.fields)
    .filter((entry): entry is [string, RefField] => entry[1].kind === 'ref')
    .map(([field, def]) => ({ field, column: snakeCase(field), entity: def.entity, nullable: def.nullable }));
  const ownerField = options.owner ?? refs[0]?.field;
  const ownerRef = refs.find((r) => r.field === ownerField);
  if (ownerField && !ownerRef) throw new Error(`Entity ${options.name}: owner "${ownerField}" is not a ref field`);
  for (const fields of options.localIndexes ?? []) {
    for (const m of fields) {
      if (!(m in options.fields)) throw new Error(`Entity ${options.name}: indexed field "${m}" is not declared`);
    }
  }
  for (const rule of options.rules ?? []) {
    for (const m of rule.fields) {
      if (!(m in options.fields)) throw new Error(`Entity ${options.name}: rule "${rule.id}" reads undeclared "${m}"`);
    }
  }
  for (const m of options.manualFields ?? []) {
    if (!(m in options.fields)) throw new Error(`Entity ${options.name}: manual field "${m}" is not declared`);
  }
  const pluralName = plural(snakeCase(options.name));
  return {
    ...options,
    collection: kebabCase(pluralName),
    table: pluralName,
    refs,
    ownerRef,
    manualFields: options.manualFields ?? [],
    referenceData: options.referenceData ?? false,
    unique: options.unique ?? [],
    localIndexes: options.localIndexes ?? [],
    rules: options.rules ?? [],
  };
}

/** Names every synced record carries besides its declared fields. */
const RESERVED = new Set(['id', 'version', 'updatedAt', 'deleted', 'organisationScope', 'districtScope']);
