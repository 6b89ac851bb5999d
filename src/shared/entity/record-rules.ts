import type { AppError } from '../errors.js';
import type { EntityDef } from './define-entity.js';

/**
 * A rule that relates fields of one record (a flagged review needs a comment). Declared once with the
 * entity; the store checks it on every local edit, the server on every write, and the conflicts screen
 * on its preview, so no resolution can produce a record the server would refuse.
 */
export interface RecordRule {
  /** camelCase; the catalogs say it to an officer as `entities:<entity>.rules.<id>`. */
  readonly id: string;
  /** The fields the rule reads; the first is the one an error names. */
  readonly fields: readonly string[];
  /** Whether a whole record (every declared field present) obeys the rule. */
  readonly holds: (record: Readonly<Record<string, unknown>>) => boolean;
  /** The rule in English, for logs and the technical detail. */
  readonly message: string;
}

/** Text that says something (not null, not only spaces). */
export const hasText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/**
 * The first rule `record` breaks, as a `VALIDATION` error naming the rule, or `undefined`. With `touched`,
 * only rules reading one of those fields are checked: an edit is not refused for an old record's fault
 * it did not touch.
 */
export function brokenRule(
  def: EntityDef,
  id: string,
  record: Readonly<Record<string, unknown>>,
  touched?: readonly string[],
): AppError | undefined {
  for (const rule of def.rules) {
    if (touched && !rule.fields.some((f) => touched.includes(f))) continue;
    if (rule.holds(record)) continue;
    return {
      code: 'VALIDATION',
      message: `${def.label} ${id}: ${rule.message}`,
      entity: def.name,
      id,
      field: rule.fields[0],
      rule: rule.id,
    };
  }
  return undefined;
}

/** Every rule `record` breaks (the conflicts preview lists them all). */
export function brokenRules(def: EntityDef, record: Readonly<Record<string, unknown>>): RecordRule[] {
  return def.rules.filter((rule) => !rule.holds(record));
}
