import { z } from 'zod';
import { yearInRange } from '../../shared/entity/value-rules.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';

/**
 * Cursors are `<seq in base 36>.<database epoch>`: short (≤ 16 characters), opaque to clients, and
 * refused when they come from another database (a reset server must not silently skip changes). While
 * a device catches up with a change of its user's districts they carry that state too (`ScopeCursor`,
 * at most 49 characters).
 */
const CURSOR_PATTERN =
  /^([0-9a-z]{1,10})\.([0-9a-z]{4})(?:\.([0-9a-z]{1,10})(?:\.([0-9a-z]{1,10})\.([rb])([0-9a-z]{1,10})?)?)?$/;

/**
 * Where a device stands after a change of its user's districts (`sync/scope-catch-up.ts`), carried in
 * the cursor after the seq and epoch. `held`: the seq of the scope change whose districts the device's
 * records are complete for up to the cursor's seq (0: before the user's first change). While catching
 * up to the change `target`, `phase` says which step is under way and `key` the seq of the last record
 * it sent (each step goes in seq order).
 */
export type ScopeCursor =
  | { readonly held: number; readonly target?: undefined }
  | {
      readonly held: number;
      readonly target: number;
      readonly phase: CatchUpPhase;
      /** Seq of the last record sent in this phase (0 at its start). */
      readonly key: number;
    };

/** `removals`: ids of records the device may no longer see; `backfill`: records it newly sees. */
export type CatchUpPhase = 'removals' | 'backfill';

/** A cursor: `<seq>.<epoch>`, then `.<held>` and `.<target>.<r|b>[<key>]` while a scope change is caught up. */
export function encodeCursor(seq: number, epoch: string, scope?: ScopeCursor): string {
  const plain = `${seq.toString(36)}.${epoch}`;
  if (!scope) return plain;
  const held = `${plain}.${scope.held.toString(36)}`;
  if (scope.target === undefined) return held;
  const key = scope.key > 0 ? scope.key.toString(36) : '';
  return `${held}.${scope.target.toString(36)}.${scope.phase === 'removals' ? 'r' : 'b'}${key}`;
}

/** A position to read after: a feed position, or (seed-compatible) a server time. */
export type FeedPosition =
  | { readonly seq: number; readonly after?: undefined; readonly scope?: ScopeCursor }
  | { readonly seq: 0; readonly after: string; readonly scope?: undefined };

const isoTime = z.iso.datetime({ offset: true, local: true });

function invalid(name: string, value: string, why: string): AppError {
  return { code: 'BAD_REQUEST', message: `Invalid cursor ${name} "${value.slice(0, 40)}": ${why}`, field: name };
}

function gone(name: string, value: string, why: string): AppError {
  return { ...invalid(name, value, why), code: 'RESYNC' };
}

/** Parses a cursor issued by this database. `name` says which parameter it came from, for the error. */
export function decodeCursor(value: string, epoch: string, head: number, name: string): Result<number> {
  const match = CURSOR_PATTERN.exec(value);
  if (!match) return err(invalid(name, value, 'not a cursor issued by this server'));
  // Well-formed, but of a history this database does not have: the client must start again (RESYNC).
  if (match[2] !== epoch) {
    return err(gone(name, value, 'issued by another server database; sync again from the beginning'));
  }
  const seq = Number.parseInt(match[1] ?? '', 36);
  if (seq > head) return err(gone(name, value, 'ahead of this server; sync again from the beginning'));
  return ok(seq);
}

/**
 * Parses `updatedAfter`: a cursor, or an ISO time as the seed's clients send it (without an offset it
 * is read as UTC). A time only seeds the first page; every answer carries a cursor to continue from.
 */
export function parseUpdatedAfter(
  value: string | null | undefined,
  epoch: string,
  head: number,
  name: string,
): Result<FeedPosition> {
  if (value === null || value === undefined || value === '') return ok({ seq: 0 });
  // A cursor is tried first: a sync carries one per collection, and zod's failing check of each as a
  // time built an error every time (~1.4 % of the server thread under load). The two never overlap.
  if (!CURSOR_PATTERN.test(value) && isoTime.safeParse(value).success) {
    const hasOffset = /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
    const time = new Date(hasOffset ? value : `${value}Z`);
    if (Number.isNaN(time.getTime()) || !yearInRange(time.toISOString(), true)) {
      return err(invalid(name, value, 'not a valid time (years 1 to 9999)'));
    }
    return ok({ seq: 0, after: time.toISOString() });
  }
  const seq = decodeCursor(value, epoch, head, name);
  if (!seq.ok) return seq;
  const scope = decodeScopeCursor(value);
  if (scope && Math.max(scope.held, scope.target ?? 0, scope.target === undefined ? 0 : scope.key) > head) {
    return err(gone(name, value, 'ahead of this server; sync again from the beginning'));
  }
  return ok(scope ? { seq: seq.value, scope } : { seq: seq.value });
}

/** The scope catch-up part of a well-formed cursor, if it has one. */
function decodeScopeCursor(value: string): ScopeCursor | undefined {
  const match = CURSOR_PATTERN.exec(value);
  if (!match?.[3]) return undefined;
  const held = Number.parseInt(match[3], 36);
  if (!match[4]) return { held };
  return {
    held,
    target: Number.parseInt(match[4], 36),
    phase: match[5] === 'r' ? 'removals' : 'backfill',
    key: match[6] ? Number.parseInt(match[6], 36) : 0,
  };
}
