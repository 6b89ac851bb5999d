import { z } from 'zod';
import { type AppError, err, ok, type Result } from '../errors.js';
import type { EntityDef, EntityFields } from './define-entity.js';
import type { Field } from './field.js';
import { jsonProblem, MAX_YEAR, MIN_YEAR, textProblem, yearInRange } from './value-rules.js';

/** The zod schema of one field's value. */
export function fieldSchema(field: Field): z.ZodType {
  const base = baseSchema(field);
  return field.nullable ? base.nullable() : base;
}

function baseSchema(field: Field): z.ZodType {
  switch (field.kind) {
    case 'text': {
      let s = z.string();
      if (field.min !== undefined) s = s.min(field.min);
      if (field.max !== undefined) s = s.max(field.max);
      if (field.pattern) s = s.regex(field.pattern.regex, field.pattern.message);
      return s.check(storableText);
    }
    case 'int':
    case 'real': {
      let s = field.kind === 'int' ? z.number().int() : z.number();
      if (field.min !== undefined) s = s.min(field.min);
      if (field.max !== undefined) s = s.max(field.max);
      return s;
    }
    case 'bool':
      return z.boolean();
    case 'date':
      return z.iso.date().refine((v) => yearInRange(v, false), YEAR_MESSAGE);
    case 'datetime':
      return z.iso.datetime({ offset: true }).refine((v) => yearInRange(v, true), YEAR_MESSAGE);
    case 'enum':
      return z.enum(field.values as [string, ...string[]]);
    case 'json': {
      const max = field.max ?? 64_000;
      return z.unknown().check((ctx) => {
        const problem = jsonProblem(ctx.value, max);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      });
    }
    case 'ref':
      return z.uuid();
  }
}

const YEAR_MESSAGE = { message: `must be in the years ${MIN_YEAR} to ${MAX_YEAR}` };

/** The text rule of `value-rules.ts` as a zod check (its message says what is wrong with the text). */
const storableText = (ctx: z.core.ParsePayload<string>) => {
  const problem = textProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
};

const schemaCache = new WeakMap<EntityDef, { full: z.ZodType; partial: z.ZodType }>();

function schemasOf(def: EntityDef) {
  let cached = schemaCache.get(def);
  if (!cached) {
    const shape = Object.fromEntries(Object.entries(def.fields).map(([k, field]) => [k, fieldSchema(field)]));
    cached = { full: z.strictObject(shape), partial: z.strictObject(shape).partial() };
    schemaCache.set(def, cached);
  }
  return cached;
}

export const uuidSchema = z.uuid();

/**
 * A string the database can store (the text rule of `value-rules.ts`), for protocol inputs outside
 * entity fields that reach a text column or a query: user names, upload ETags.
 */
export function storableString(min: number, max: number): z.ZodString {
  return z.string().min(min).max(max).check(storableText);
}

/**
 * Validates a record's fields. `partial` validates a set of changes (only the fields present).
 * The error names the entity, the record and the first offending field.
 */
export function validateFields<D extends EntityDef>(
  def: D,
  id: string,
  input: unknown,
  options: { partial?: boolean } = {},
): Result<EntityFields<D>> {
  if (!uuidSchema.safeParse(id).success) {
    return err({
      code: 'VALIDATION',
      message: `${def.label} id "${id}" is not a UUID`,
      entity: def.name,
      id,
      field: 'id',
    });
  }
  const schema = options.partial ? schemasOf(def).partial : schemasOf(def).full;
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data as EntityFields<D>);
  return err(describeIssue(def, id, parsed.error.issues[0]));
}

function describeIssue(def: EntityDef, id: string, issue: z.core.$ZodIssue | undefined): AppError {
  if (!issue) return { code: 'VALIDATION', message: `${def.label} ${id} is invalid`, entity: def.name, id };
  const field =
    issue.code === 'unrecognized_keys'
      ? issue.keys.join(', ')
      : issue.path.length > 0
        ? String(issue.path[0])
        : undefined;
  const what =
    issue.code === 'unrecognized_keys'
      ? `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : field
        ? `field "${field}": ${issue.message}`
        : issue.message;
  return {
    code: 'VALIDATION',
    message: `${def.label} ${id} ${what}`,
    entity: def.name,
    id,
    ...(field ? { field } : {}),
  };
}
