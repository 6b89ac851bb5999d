import { INT32_MAX, INT32_MIN } from './value-rules.js';

/**
 * Field kinds an entity declaration may use. Each kind knows enough to derive a SQLite column,
 * a PostgreSQL column and a runtime validator, so an entity is declared once (architecture rule 3).
 * Besides what a declaration says, every kind obeys the storage rules of `value-rules.ts` (32-bit
 * integers, text without NUL characters, years 1–9999, shallow JSON).
 */

export type FieldKind = 'text' | 'int' | 'real' | 'bool' | 'date' | 'datetime' | 'enum' | 'json' | 'ref';

interface FieldBase<K extends FieldKind, N extends boolean> {
  readonly kind: K;
  /** `null` is an allowed value (and the default when the field is absent on create). */
  readonly nullable: N;
  /**
   * Max length for text, or max serialized length for json; range for numbers (an `int` is always
   * within the 32-bit range of its PostgreSQL column: `f.int` defaults to it and refuses bounds outside it).
   */
  readonly max?: number;
  readonly min?: number;
}

/** Free text. */
export interface TextField<N extends boolean = boolean> extends FieldBase<'text', N> {
  /** The whole value must match (a hash, a code), with the message a refusal gives. */
  readonly pattern?: { readonly regex: RegExp; readonly message: string };
}
/** Whole number, 32-bit. */
export interface IntField<N extends boolean = boolean> extends FieldBase<'int', N> {}
/** Floating-point number. */
export interface RealField<N extends boolean = boolean> extends FieldBase<'real', N> {}
export interface BoolField<N extends boolean = boolean> extends FieldBase<'bool', N> {}
/** Calendar date, `YYYY-MM-DD`. */
export interface DateField<N extends boolean = boolean> extends FieldBase<'date', N> {}
/** Instant, ISO 8601 with offset. */
export interface DateTimeField<N extends boolean = boolean> extends FieldBase<'datetime', N> {}
export interface EnumField<V extends string = string, N extends boolean = boolean> extends FieldBase<'enum', N> {
  readonly values: readonly V[];
}
/** Structured value stored as JSON text (e.g. a project form's questions). */
export interface JsonField<N extends boolean = boolean> extends FieldBase<'json', N> {}
/** Reference to a parent entity: indexed, and it orders sync (parents first). */
export interface RefField<E extends string = string, N extends boolean = boolean> extends FieldBase<'ref', N> {
  readonly entity: E;
}

export type Field =
  | TextField
  | IntField
  | RealField
  | BoolField
  | DateField
  | DateTimeField
  | EnumField
  | JsonField
  | RefField;

type BaseValue<F extends Field> = F extends TextField | DateField | DateTimeField | RefField
  ? string
  : F extends IntField | RealField
    ? number
    : F extends BoolField
      ? boolean
      : F extends EnumField<infer V>
        ? V
        : F extends JsonField
          ? unknown
          : never;

/** The TypeScript value type a field holds on the wire and in memory. */
export type FieldValue<F extends Field> = F extends { nullable: true } ? BaseValue<F> | null : BaseValue<F>;

/** A required field that can be made nullable with `.optional()`. */
export type Builder<F extends Field> = F & { optional(): Omit<F, 'nullable'> & { readonly nullable: true } };

type Opts = { max?: number; min?: number };

function builder<F extends Field>(field: F): Builder<F> {
  return { ...field, optional: () => ({ ...field, nullable: true as const }) };
}

/** Builders used by entity declarations: `f.text({ max: 200 })`, `f.ref('school')`, `f.int().optional()`. */
export const f = {
  text: (opts?: Opts & Pick<TextField, 'pattern'>) =>
    builder<TextField<false>>({ kind: 'text', nullable: false, max: 2000, ...opts }),
  int: (opts?: Opts) => builder<IntField<false>>({ kind: 'int', nullable: false, ...int32Bounds(opts) }),
  real: (opts?: Opts) => builder<RealField<false>>({ kind: 'real', nullable: false, ...opts }),
  bool: () => builder<BoolField<false>>({ kind: 'bool', nullable: false }),
  date: () => builder<DateField<false>>({ kind: 'date', nullable: false }),
  datetime: () => builder<DateTimeField<false>>({ kind: 'datetime', nullable: false }),
  enum: <const V extends string>(values: readonly V[]) =>
    builder<EnumField<V, false>>({ kind: 'enum', nullable: false, values }),
  json: (opts?: Opts) => builder<JsonField<false>>({ kind: 'json', nullable: false, max: 64_000, ...opts }),
  ref: <const E extends string>(entity: E) => builder<RefField<E, false>>({ kind: 'ref', nullable: false, entity }),
};

/** An int field's bounds: the declared ones, defaulting to (and never beyond) a PostgreSQL `integer`. */
function int32Bounds(opts: Opts = {}): Required<Opts> {
  const bounds = { min: opts.min ?? INT32_MIN, max: opts.max ?? INT32_MAX };
  for (const bound of [bounds.min, bounds.max]) {
    if (!Number.isSafeInteger(bound) || bound < INT32_MIN || bound > INT32_MAX) {
      throw new Error(`f.int: bound ${bound} is outside the 32-bit integer range the database column holds`);
    }
  }
  return bounds;
}
