import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields, threeWayMerge } from '../../src/main/store/merge/three-way-merge.js';

const FIELDS = ['a', 'b', 'c', 'd', 'review'] as const;
const MANUAL = ['review'];
const value = fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 }), fc.constant(null));
const record = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, value])) as Record<(typeof FIELDS)[number], typeof value>,
);

/** A side derived from the base by changing some fields (so "unchanged" happens often). */
const edited = (base: Record<string, unknown>) =>
  fc.record(Object.fromEntries(FIELDS.map((f) => [f, fc.option(value, { nil: undefined })]))).map((changes) => {
    const side: Record<string, unknown> = { ...base };
    for (const [f, v] of Object.entries(changes)) if (v !== undefined) side[f] = v;
    return side;
  });

const triple = record.chain((base) => fc.tuple(fc.constant(base), edited(base), edited(base)));
const merge = (base: Record<string, unknown> | null, local: Record<string, unknown>, server: Record<string, unknown>) =>
  threeWayMerge({ base, local, server, fields: FIELDS, manualFields: MANUAL });

describe('threeWayMerge', () => {
  it('takes every field from one side: the local value only where the officer changed it', () => {
    fc.assert(
      fc.property(triple, ([base, local, server]) => {
        const { merged, held } = merge(base, local, server);
        for (const f of FIELDS) {
          const localChanged = local[f] !== base[f];
          if (!localChanged || held.includes(f)) expect(merged[f]).toEqual(server[f]);
          else expect(merged[f]).toEqual(local[f]);
        }
      }),
    );
  });

  it('merges edits of disjoint fields without any conflict', () => {
    fc.assert(
      fc.property(triple, ([base, local, server]) => {
        const result = merge(base, local, server);
        const overlap = result.localChanged.filter((f) => result.serverChanged.includes(f) && local[f] !== server[f]);
        if (overlap.length === 0) {
          expect(result.lastWriteWins).toEqual([]);
          expect(result.held).toEqual([]);
        }
        expect([...result.lastWriteWins, ...result.held].sort()).toEqual(overlap.sort());
      }),
    );
  });

  it('holds overlapping manual fields at the server value and lets the local value win elsewhere', () => {
    const base = { a: 'x', b: 'x', c: 'x', d: 'x', review: 'pending' };
    const result = merge(
      base,
      { ...base, a: 'local', review: 'approved' },
      { ...base, a: 'server', review: 'flagged' },
    );
    expect(result.lastWriteWins).toEqual(['a']);
    expect(result.held).toEqual(['review']);
    expect(result.merged).toMatchObject({ a: 'local', review: 'flagged' });
  });

  it('is a fixpoint: merging the result again against the same server changes nothing', () => {
    fc.assert(
      fc.property(triple, ([base, local, server]) => {
        const once = merge(base, local, server);
        const twice = merge(server, once.merged, server);
        expect(twice.merged).toEqual(once.merged);
        expect(twice.lastWriteWins).toEqual([]);
        expect(twice.held).toEqual([]);
      }),
    );
  });

  it('treats every field as changed on both sides when there is no base (a local create)', () => {
    fc.assert(
      fc.property(record, record, (local, server) => {
        const result = merge(null, local, server);
        expect(result.merged).toEqual(
          Object.fromEntries(FIELDS.map((f) => [f, f === 'review' && local[f] !== server[f] ? server[f] : local[f]])),
        );
      }),
    );
  });

  it('compares JSON values structurally', () => {
    const base = { a: { q: [1, 2] }, b: 1, c: 1, d: 1, review: null };
    const result = merge(base, { ...base, a: { q: [1, 2] } }, { ...base, b: 2 });
    expect(result.localChanged).toEqual([]);
    expect(changedFields({ a: { q: [1, 2] }, b: 2 }, { a: { q: [1, 2] }, b: 1 }, ['a', 'b'])).toEqual({ b: 2 });
  });
});

describe('threeWayMerge: which fields each side changed', () => {
  it('names the fields the officer changed and, apart, the ones the server changed', () => {
    const base = { a: 'x', b: 'x', c: 'x', d: 'x', review: null };
    const result = merge(base, { ...base, a: 'mine', c: 'same' }, { ...base, b: 'theirs', c: 'same' });
    expect(result.localChanged).toEqual(['a', 'c']);
    expect(result.serverChanged).toEqual(['b', 'c']);
  });

  it('carries every field of a record the server has never seen (no reference to diff against)', () => {
    expect(changedFields({ a: 1, b: null }, null, ['a', 'b'])).toEqual({ a: 1, b: null });
  });
});

describe('threeWayMerge with record rules', () => {
  const base = { a: 'x', b: 'x', c: 'x', d: 'x', review: 'pending' };
  /** a === 'L' together with c === 'S' is what no record may hold. */
  const notBoth = {
    id: 'notBoth',
    fields: ['a', 'b', 'c'],
    holds: (r: Record<string, unknown>) => !(r.a === 'L' && r.c === 'S'),
    message: 'not both',
  };
  const never = (field: string, bad: unknown) => ({
    id: `no${field}`,
    fields: [field],
    holds: (r: Record<string, unknown>) => r[field] !== bad,
    message: `${field} is never ${String(bad)}`,
  });
  const mergeWith = (
    rules: readonly (typeof notBoth)[],
    local: Record<string, unknown>,
    server: Record<string, unknown>,
  ) => threeWayMerge({ base, local, server, fields: FIELDS, manualFields: MANUAL, rules });

  it("puts a broken rule's fields back to the server's values and holds only the local changes among them", () => {
    const result = mergeWith(
      [notBoth],
      { ...base, a: 'L', b: 'v', d: 'mine' },
      { ...base, b: 'v', c: 'S', d: 'theirs' },
    );
    expect(result.merged).toEqual({ a: 'x', b: 'v', c: 'S', d: 'mine', review: 'pending' });
    // b changed on both sides to the same value: nothing of the officer's is lost there.
    expect(result.held).toEqual(['a']);
    // d is outside the rule: its last-write-wins stands.
    expect(result.lastWriteWins).toEqual(['d']);
  });

  it('turns a last-write-wins field of a broken rule into a held one', () => {
    const result = mergeWith([notBoth], { ...base, a: 'L', d: 'mine' }, { ...base, a: 'A2', c: 'S', d: 'theirs' });
    expect(result.merged).toMatchObject({ a: 'A2', c: 'S', d: 'mine' });
    expect(result.lastWriteWins).toEqual(['d']);
    expect(result.held).toEqual(['a']);
  });

  it('leaves a merge that breaks no rule alone', () => {
    const result = mergeWith([notBoth], { ...base, a: 'L' }, { ...base, c: 'T' });
    expect(result.merged).toMatchObject({ a: 'L', c: 'T' });
    expect(result.held).toEqual([]);
  });

  it('fixes a second broken rule on the next pass', () => {
    const result = mergeWith([never('a', 'L'), never('c', 'L')], { ...base, a: 'L', c: 'L' }, base);
    expect(result.merged).toEqual(base);
    expect(result.held).toEqual(['a', 'c']);
  });

  it('ends, holding nothing, when the server record itself breaks a rule the officer did not touch', () => {
    const result = mergeWith([never('a', 'bad')], { ...base, b: 'mine' }, { ...base, a: 'bad' });
    expect(result.merged).toMatchObject({ a: 'bad', b: 'mine' });
    expect(result.held).toEqual([]);
  });

  it('names a manual field already held for the officer once, when a rule also covers it', () => {
    const rule = { ...never('a', 'bad'), fields: ['review', 'a'] };
    const result = mergeWith([rule], { ...base, review: 'approved', a: 'bad' }, { ...base, review: 'flagged' });
    expect(result.merged).toMatchObject({ review: 'flagged', a: 'x' });
    expect(result.held).toEqual(['review', 'a']);
  });
});
