import { describe, expect, it } from 'vitest';
import { f } from '../../src/shared/entity/field.js';
import { validateFields } from '../../src/shared/entity/validation.js';
import { INT32_MAX, INT32_MIN, jsonProblem } from '../../src/shared/entity/value-rules.js';
import { entityGraph } from '../../src/shared/entity-graph.js';

/**
 * The storage rules hold for every declared field of their kind, so the app refuses at edit time (with
 * the field named) what the server's database could not store: no declaration can forget them.
 */
describe('storage rules in every declaration', () => {
  const breaking: Record<string, readonly unknown[]> = {
    int: [INT32_MAX + 1, INT32_MIN - 1],
    text: ['a\u0000b', 'x\uDC00'],
    date: ['0000-01-01'],
    datetime: ['0000-01-01T00:00:00Z'],
    json: [{ 'k\u0000': 1 }],
  };

  it('every int field is bounded inside the 32-bit range of its column', () => {
    for (const def of entityGraph.ordered) {
      for (const [name, field] of Object.entries(def.fields)) {
        if (field.kind !== 'int') continue;
        expect(field.min, `${def.name}.${name}`).toBeGreaterThanOrEqual(INT32_MIN);
        expect(field.max, `${def.name}.${name}`).toBeLessThanOrEqual(INT32_MAX);
      }
    }
  });

  it('a value breaking a storage rule is refused naming the field, in every field of that kind', () => {
    let checked = 0;
    for (const def of entityGraph.ordered) {
      for (const [name, field] of Object.entries(def.fields)) {
        for (const value of breaking[field.kind] ?? []) {
          const result = validateFields(
            def,
            '00000000-0000-4000-8000-000000000001',
            { [name]: value },
            { partial: true },
          );
          expect(result.ok, `${def.name}.${name} = ${JSON.stringify(value)}`).toBe(false);
          if (!result.ok) expect(result.error).toMatchObject({ code: 'VALIDATION', field: name });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('refuses int bounds the database column cannot hold', () => {
    expect(() => f.int({ max: 2 ** 31 })).toThrow(/32-bit/);
    expect(() => f.int({ min: -(2 ** 31) - 1 })).toThrow(/32-bit/);
    expect(f.int()).toMatchObject({ min: INT32_MIN, max: INT32_MAX });
  });

  it('walks JSON nested far deeper than the stack allows without overflowing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(jsonProblem(deep, 64_000)).toMatch(/more than 32 deep/);
    expect(jsonProblem({ questions: [{ key: 'a', options: ['x', 'y'] }] }, 64_000)).toBeUndefined();
    expect(jsonProblem([Number.NaN], 64_000)).toMatch(/finite/);
    // JSON's null, as the message promises, at the top and inside arrays and objects.
    expect(jsonProblem({ a: [1, null, true], b: null }, 64_000)).toBeUndefined();
    expect(jsonProblem(null, 64_000)).toBe('is required');
    expect(jsonProblem([() => 1], 64_000)).toMatch(/must be JSON/);
  });
});
