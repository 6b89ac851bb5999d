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
