import { z } from 'zod';
import { yearInRange } from '../../shared/entity/value-rules.js';
import { type AppError, err, ok, type Result } from '../../shared/errors.js';

/**
 * Cursors are `<seq in base 36>.<database epoch>`: short (≤ 16 characters), opaque to clients, and
 * refused when they come from another database (a reset server must not silently skip changes).
 */
const CURSOR_PATTERN = /^([0-9a-z]{1,10})\.([0-9a-z]{4})$/;

export function encodeCursor(seq: number, epoch: string): string {
  return `${seq.toString(36)}.${epoch}`;
}

/** A position to read after: a feed position, or (seed-compatible) a server time. */
export type FeedPosition =
  | { readonly seq: number; readonly after?: undefined }
  | { readonly seq: 0; readonly after: string };

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
  if (isoTime.safeParse(value).success) {
    const hasOffset = /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
    const time = new Date(hasOffset ? value : `${value}Z`);
    if (Number.isNaN(time.getTime()) || !yearInRange(time.toISOString(), true)) {
      return err(invalid(name, value, 'not a valid time (years 1 to 9999)'));
    }
    return ok({ seq: 0, after: time.toISOString() });
  }
  const seq = decodeCursor(value, epoch, head, name);
  return seq.ok ? ok({ seq: seq.value }) : seq;
}
