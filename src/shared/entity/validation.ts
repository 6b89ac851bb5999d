import { z } from 'zod';
import { type AppError, err, ok, type Result } from '../errors.js';
import type { EntityDef, EntityFields } from './define-entity.js';
import type { Field } from './field.js';

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
      return s;
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
      return z.iso.date();
    case 'datetime':
      return z.iso.datetime({ offset: true });
    case 'enum':
      return z.enum(field.values as [string, ...string[]]);
    case 'json': {
      const max = field.max ?? 64_000;
      return z.unknown().refine((v) => v !== undefined && JSON.stringify(v).length <= max, {
        message: `must be JSON of at most ${max} characters`,
      });
    }
    case 'ref':
      return z.uuid();
  }
}

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
