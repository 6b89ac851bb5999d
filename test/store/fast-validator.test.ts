import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFastValidator } from '../../src/main/store/codec/fast-validator.js';
import { isUuid } from '../../src/main/store/codec/uuid-check.js';
import { validateFields } from '../../src/shared/entity/validation.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { tinyDeployment } from './support/store-fixture.js';

const seed = tinyDeployment();

/** Values that sit on and around every rule the declarations use. */
const tricky = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, 13, 14, 100_000, 2 ** 53, Number.NaN, Infinity, -0),
  fc.constantFrom('', 'x', 'primary', 'approved', 'KE', 'KEN', '2025-02-29', '2024-02-29', '2025-13-01', '2025-1-1'),
  fc.constantFrom('2025-01-15T10:30:00Z', '2025-01-15T10:30:00+03:00', '2025-01-15T10:30:00', '2025-01-15 10:30:00Z'),
  fc.constantFrom('00000000-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', 'not-a-uuid'),
  fc.uuid(),
  fc.string({ maxLength: 70 }),
  fc.double(),
  fc.integer(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.array(fc.integer(), { maxLength: 3 }),
  // The storage rules every declaration inherits (value-rules.ts): 32-bit ints, NUL, lone surrogates, year 0.
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 'a\u0000b', '\u0000', 'x\uD800', '\uDC00y'),
  fc.constantFrom('0000-01-01', '0001-01-01', '0000-06-15T12:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31'),
);

describe('compiled fast validation', () => {
  it('never accepts what the zod schema refuses', () => {
    const cases = [...seed.entries()].flatMap(([entity, records]) => records.slice(0, 3).map((r) => ({ entity, r })));
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(fc.tuple(fc.nat(), tricky), { maxLength: 3 }),
        fc.boolean(),
        ({ entity, r }, mutations, extraKey) => {
          const def = entityGraph.byName.get(entity);
          if (!def) throw new Error(entity);
          const { id, ...fields } = r;
          const names = Object.keys(def.fields);
          const input: Record<string, unknown> = { ...fields };
          for (const [i, v] of mutations) input[names[i % names.length] as string] = v;
          if (extraKey) input.colour = 'red';
          if (compileFastValidator(def)(input, 0)) expect(validateFields(def, id, input).ok).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses, as zod does, every value the storage rules refuse, in every field of that kind', () => {
    const breaking: Record<string, readonly unknown[]> = {
      int: [2 ** 31, -(2 ** 31) - 1],
      text: ['a\u0000b', 'x\uD800'],
      date: ['0000-01-01', '0000-02-29'],
      datetime: ['0000-06-15T12:00:00Z', '0001-01-01T00:00:00+01:00'],
    };
    let checked = 0;
    for (const [entity, records] of seed) {
      const def = entityGraph.byName.get(entity);
      const record = records[0];
      if (!def || !record) continue;
      const { id, ...fields } = record;
      const fast = compileFastValidator(def);
      for (const [name, field] of Object.entries(def.fields)) {
        for (const value of breaking[field.kind] ?? []) {
          const input = { ...fields, [name]: value };
          expect(fast(input, 0), `${entity}.${name} = ${JSON.stringify(value)}`).toBe(false);
          expect(validateFields(def, id, input).ok, `${entity}.${name} = ${JSON.stringify(value)}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('accepts the reference data without falling back to zod (the fast path is the common path)', () => {
    let accepted = 0;
    let total = 0;
    for (const [entity, records] of seed) {
      const def = entityGraph.byName.get(entity);
      if (!def) throw new Error(entity);
      const fast = compileFastValidator(def);
      for (const { id: _id, ...fields } of records) {
        total++;
        if (fast(fields, 0)) accepted++;
      }
    }
    // Only JSON fields (project forms' questions) are left to zod.
    expect(accepted).toBe(total - (seed.get('projectForm')?.length ?? 0));
  });
});

describe('isUuid', () => {
  const zodUuid = z.uuid()._zod.def.pattern as RegExp;
  it("gives zod's verdict on UUIDs of every version and on near misses", () => {
    const mutate = fc.tuple(fc.uuid(), fc.nat({ max: 35 }), fc.constantFrom('0', '9', 'a', 'F', 'g', '-', 'é', ' '));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          mutate.map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1)),
          fc.constantFrom(
            '00000000-0000-0000-0000-000000000000',
            'ffffffff-ffff-ffff-ffff-ffffffffffff',
            'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
          ),
          fc.string({ minLength: 30, maxLength: 40 }),
        ),
        (candidate) => {
          expect(isUuid(candidate)).toBe(zodUuid.test(candidate));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
