import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseUpdatedAfter } from '../../src/server/sync/cursor.js';

/** The cursor's text form, unit by unit: what a client may send and what each refusal says. */
const EPOCH = 'ab12';

const error = (result: { ok: boolean; error?: { code: string; message: string; field?: string } }) =>
  result.ok ? undefined : result.error;

describe('cursor text', () => {
  it('encodes the seq in base 36 with the database epoch, and decodes it back', () => {
    expect(encodeCursor(0, EPOCH)).toBe('0.ab12');
    expect(encodeCursor(1295, EPOCH)).toBe('zz.ab12');
    for (const seq of [0, 1, 35, 36, 1_000_000, 36 ** 10 - 1]) {
      expect(decodeCursor(encodeCursor(seq, EPOCH), EPOCH, 36 ** 10, 'c')).toEqual({ ok: true, value: seq });
    }
  });

  it('accepts a cursor at the head and refuses one past it', () => {
    expect(decodeCursor('a.ab12', EPOCH, 10, 'c')).toEqual({ ok: true, value: 10 });
    expect(error(decodeCursor('b.ab12', EPOCH, 10, 'cursors.schools'))).toEqual({
      code: 'RESYNC',
      message: 'Invalid cursor cursors.schools "b.ab12": ahead of this server; sync again from the beginning',
      field: 'cursors.schools',
    });
  });

  it("refuses another database's cursor", () => {
    expect(error(decodeCursor('5.zz99', EPOCH, 10, 'c'))?.code).toBe('RESYNC');
    expect(error(decodeCursor('5.zz99', EPOCH, 10, 'c'))?.message).toBe(
      'Invalid cursor c "5.zz99": issued by another server database; sync again from the beginning',
    );
  });

  it.each([
    ['no epoch', '5'],
    ['an empty seq', '.ab12'],
    ['upper case', 'A.ab12'],
    ['a short epoch', '5.ab1'],
    ['a long epoch', '5.ab123'],
    ['a seq of 11 digits', '12345678901.ab12'],
    ['text before', 'x5.ab12 '],
    ['text after', '5.ab12x'],
    ['a leading space', ' 5.ab12'],
  ])('refuses %s as not issued by this server', (_why, value) => {
    expect(error(decodeCursor(value, EPOCH, 36 ** 11, 'c'))?.message).toBe(
      `Invalid cursor c "${value}": not a cursor issued by this server`,
    );
  });

  it('quotes at most 40 characters of a bad cursor', () => {
    const long = 'x'.repeat(100);
    expect(error(decodeCursor(long, EPOCH, 10, 'c'))?.message).toBe(
      `Invalid cursor c "${'x'.repeat(40)}": not a cursor issued by this server`,
    );
  });
});

describe('updatedAfter', () => {
  it('starts from the beginning when absent or empty', () => {
    for (const value of [undefined, null, ''])
      expect(parseUpdatedAfter(value, EPOCH, 5, 'u')).toEqual({ ok: true, value: { seq: 0 } });
  });

  it('takes a cursor as a feed position', () => {
    expect(parseUpdatedAfter('3.ab12', EPOCH, 5, 'u')).toEqual({ ok: true, value: { seq: 3 } });
    expect(error(parseUpdatedAfter('6.ab12', EPOCH, 5, 'u'))?.field).toBe('u');
  });

  it.each([
    ['an offset', '2025-03-01T10:00:00+02:00', '2025-03-01T08:00:00.000Z'],
    ['Z', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000Z'],
    ['a half-hour offset', '2025-03-01T10:00:00-03:30', '2025-03-01T13:30:00.000Z'],
    ['no offset (UTC)', '2025-03-01T10:00:00', '2025-03-01T10:00:00.000Z'],
    ['milliseconds and no offset', '2025-03-01T10:00:00.250', '2025-03-01T10:00:00.250Z'],
  ])('takes an ISO time with %s', (_why, value, after) => {
    expect(parseUpdatedAfter(value, EPOCH, 5, 'u')).toEqual({ ok: true, value: { seq: 0, after } });
  });

  it('refuses a time outside the years 1 to 9999', () => {
    expect(error(parseUpdatedAfter('0000-06-01T00:00:00Z', EPOCH, 5, 'u'))).toEqual({
      code: 'BAD_REQUEST',
      message: 'Invalid cursor u "0000-06-01T00:00:00Z": not a valid time (years 1 to 9999)',
      field: 'u',
    });
    expect(error(parseUpdatedAfter('9999-12-31T23:00:00-05:00', EPOCH, 5, 'u'))?.message).toMatch(/years 1 to 9999/);
  });

  it('refuses anything else as a cursor', () => {
    expect(error(parseUpdatedAfter('yesterday', EPOCH, 5, 'u'))?.message).toBe(
      'Invalid cursor u "yesterday": not a cursor issued by this server',
    );
  });
});

describe('cursors of a scope catch-up', () => {
  it('carries the held change, then the target, the phase and the last key sent', () => {
    expect(encodeCursor(40, EPOCH, { held: 0 })).toBe('14.ab12.0');
    expect(encodeCursor(40, EPOCH, { held: 37 })).toBe('14.ab12.11');
    expect(encodeCursor(40, EPOCH, { held: 37, target: 38, phase: 'removals', key: 0 })).toBe('14.ab12.11.12.r');
    expect(encodeCursor(40, EPOCH, { held: 37, target: 38, phase: 'backfill', key: 0 })).toBe('14.ab12.11.12.b');
    expect(encodeCursor(40, EPOCH, { held: 37, target: 38, phase: 'backfill', key: 36 })).toBe('14.ab12.11.12.b10');
    expect(encodeCursor(40, EPOCH, { held: 37, target: 38, phase: 'removals', key: 1 })).toBe('14.ab12.11.12.r1');
  });

  it.each([
    [{ held: 0 }],
    [{ held: 37 }],
    [{ held: 37, target: 38, phase: 'removals', key: 0 }],
    [{ held: 37, target: 38, phase: 'backfill', key: 39 }],
  ] as const)('reads back what it wrote: %j', (scope) => {
    expect(parseUpdatedAfter(encodeCursor(40, EPOCH, scope), EPOCH, 40, 'u')).toEqual({
      ok: true,
      value: { seq: 40, scope },
    });
  });

  it.each([
    ['the held change', { held: 41 }],
    ['the target', { held: 2, target: 41, phase: 'removals', key: 0 }],
    ['the last key sent', { held: 2, target: 30, phase: 'backfill', key: 41 }],
  ] as const)('refuses %s past the head (RESYNC), and takes it at the head', (_why, scope) => {
    const cursor = encodeCursor(10, EPOCH, scope);
    expect(error(parseUpdatedAfter(cursor, EPOCH, 40, 'u'))).toEqual({
      code: 'RESYNC',
      message: `Invalid cursor u "${cursor}": ahead of this server; sync again from the beginning`,
      field: 'u',
    });
    expect(parseUpdatedAfter(cursor, EPOCH, 41, 'u')).toMatchObject({ ok: true, value: { seq: 10, scope } });
  });

  it('refuses a catch-up part that is not one', () => {
    for (const value of ['a.ab12.', 'a.ab12.1.2', 'a.ab12.1.2.x', 'a.ab12.1.2.r.3', 'a.ab12.1.2.B']) {
      expect(error(parseUpdatedAfter(value, EPOCH, 40, 'u'))?.message).toBe(
        `Invalid cursor u "${value}": not a cursor issued by this server`,
      );
    }
  });
});
