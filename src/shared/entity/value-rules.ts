/**
 * Rules every value of a field kind obeys, whatever its declaration says, because the stores cannot
 * hold anything else: PostgreSQL `integer` is 32-bit, `text` and `jsonb` refuse the NUL character,
 * `date` and `timestamptz` have no year 0, and a UTF-8 column cannot carry half a surrogate pair (the
 * driver would silently turn it into U+FFFD). The client's validation, the local store and the server
 * all check them through `validation.ts` (and the store's fast pre-check), so a value one accepts is a
 * value the others can store.
 */

/** The range of a PostgreSQL `integer` column: an `int` field's bounds default to it and stay inside it. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** Oldest and latest calendar year a `date` or `datetime` may name (ISO 8601 four-digit years, no year 0). */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** How deeply a `json` field's value may nest arrays and objects. */
export const MAX_JSON_DEPTH = 32;

type WellFormed = { isWellFormed(): boolean };

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (!(value as unknown as WellFormed).isWellFormed())
    return 'must be valid Unicode text (it has half a surrogate pair)';
  return undefined;
}

/** Whether a string is storable text (see `textProblem`), for hot paths that only need the verdict. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && (value as unknown as WellFormed).isWellFormed();
}

/**
 * Whether the calendar year of an ISO date (`YYYY-MM-DD…`) or instant is within MIN_YEAR–MAX_YEAR. For an
 * instant with an offset the year is taken in UTC, as the database stores it (`0001-01-01T00:00:00+01:00`
 * is year 0 in UTC).
 */
export function yearInRange(iso: string, instant: boolean): boolean {
  const year = instant ? new Date(iso).getUTCFullYear() : Number(iso.slice(0, 4));
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * Why a value cannot be stored in a `json` field, or undefined when it can: nesting deeper than
 * MAX_JSON_DEPTH, a string or key that is not storable text, or more than `maxChars` characters once
 * serialised. Walks the value without recursion, so a hostile value nested thousands deep is refused
 * instead of overflowing the stack.
 */
export function jsonProblem(value: unknown, maxChars: number): string | undefined {
  // A null field is the field's nullability to allow; null inside the value is JSON.
  if (value === undefined || value === null) return 'is required';
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const v = item.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return `has a string that ${problem}`;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'must hold finite numbers only';
    } else if (v !== null && typeof v === 'object') {
      if (item.depth >= MAX_JSON_DEPTH) return `must not nest arrays and objects more than ${MAX_JSON_DEPTH} deep`;
      if (Array.isArray(v)) {
        for (const element of v) stack.push({ value: element, depth: item.depth + 1 });
      } else {
        for (const [key, element] of Object.entries(v)) {
          const problem = textProblem(key);
          if (problem) return `has a key that ${problem}`;
          stack.push({ value: element, depth: item.depth + 1 });
        }
      }
    } else if (v !== null && typeof v !== 'boolean') {
      return 'must be JSON (strings, numbers, booleans, null, arrays, objects)';
    }
  }
  if (JSON.stringify(value).length > maxChars) return `must be JSON of at most ${maxChars} characters`;
  return undefined;
}
