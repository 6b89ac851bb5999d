import { describe, expect, it } from 'vitest';
import { declaredEntities } from '../../src/shared/entities/index.js';
import { defineEntity } from '../../src/shared/entity/define-entity.js';
import { createEntityGraph } from '../../src/shared/entity/entity-graph.js';
import { f } from '../../src/shared/entity/field.js';
import { EntityGraphError, topologicalOrder } from '../../src/shared/entity/graph.js';
import { validateFields } from '../../src/shared/entity/validation.js';
import { entityGraph } from '../../src/shared/entity-graph.js';

const ID = '0b6c4a52-3b8e-4f0a-9a55-1f2b3c4d5e6f';
const PARENT = '1b6c4a52-3b8e-4f0a-9a55-1f2b3c4d5e6f';

describe('entity graph', () => {
  it('orders every declared type after all of its parents', () => {
    const position = new Map<string, number>(entityGraph.ordered.map((d, i) => [d.name, i]));
    expect(entityGraph.ordered).toHaveLength(declaredEntities.length);
    for (const def of entityGraph.ordered) {
      for (const ref of def.refs) expect(position.get(ref.entity)).toBeLessThan(position.get(def.name) ?? -1);
    }
    expect(entityGraph.ordered[0]?.name).toBe('organisation');
  });

  it('derives kebab-case plural collections and snake_case tables', () => {
    expect(entityGraph.ordered.map((d) => d.collection)).toEqual(
      expect.arrayContaining(['schools', 'school-visits', 'countries', 'section-answers', 'project-forms']),
    );
    expect(entityGraph.byName.get('schoolVisit')?.table).toBe('school_visits');
    expect(entityGraph.resolveCollection('teacher-visits')).toMatchObject({ ok: true });
    expect(entityGraph.resolveCollection('pupils')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTITY' } });
  });

  it('follows owners up to the tenant root', () => {
    const tv = entityGraph.byName.get('teacherVisit');
    expect(tv && entityGraph.ownersOf(tv).map((d) => d.name)).toEqual([
      'schoolVisit',
      'school',
      'district',
      'region',
      'country',
      'organisation',
    ]);
  });

  it('refuses a cycle with a message naming the types', () => {
    const a = defineEntity({ name: 'alpha', label: 'Alpha', fields: { betaId: f.ref('beta') } });
    const b = defineEntity({ name: 'beta', label: 'Beta', fields: { alphaId: f.ref('alpha') } });
    expect(() => topologicalOrder([a, b])).toThrow(EntityGraphError);
    expect(() => topologicalOrder([a, b])).toThrow(/cycle among: alpha, beta/);
  });

  it('refuses a reference to an undeclared type', () => {
    const a = defineEntity({ name: 'alpha', label: 'Alpha', fields: { ghostId: f.ref('ghost') } });
    expect(() => createEntityGraph([a])).toThrow(/unknown entity type "ghost"/);
  });
});

describe('validation derived from the declaration', () => {
  const school = entityGraph.byName.get('school');
  if (!school) throw new Error('school not declared');
  const valid = {
    districtId: PARENT,
    name: 'Kibera Primary',
    emisCode: 'KE-001',
    latitude: -1.31,
    longitude: 36.78,
    type: 'primary',
    enrolment: 640,
    headTeacher: null,
    phone: null,
    active: true,
  };

  it('accepts a complete record', () => {
    expect(validateFields(school, ID, valid)).toEqual({ ok: true, value: valid });
  });

  it('names the record and the field that is wrong', () => {
    const result = validateFields(school, ID, { ...valid, enrolment: -3 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', entity: 'school', id: ID, field: 'enrolment' },
    });
    if (!result.ok) expect(result.error.message).toContain(`School ${ID} field "enrolment"`);
  });

  it('rejects unknown fields and wrong enum values', () => {
    expect(validateFields(school, ID, { ...valid, colour: 'red' })).toMatchObject({
      ok: false,
      error: { field: 'colour' },
    });
    expect(validateFields(school, ID, { ...valid, type: 'university' })).toMatchObject({
      ok: false,
      error: { field: 'type' },
    });
  });

  it('validates partial changes against the same declaration', () => {
    expect(validateFields(school, ID, { name: 'Renamed' }, { partial: true })).toMatchObject({ ok: true });
    expect(validateFields(school, ID, { name: 42 }, { partial: true })).toMatchObject({
      ok: false,
      error: { field: 'name' },
    });
    expect(validateFields(school, 'not-a-uuid', {}, { partial: true })).toMatchObject({
      ok: false,
      error: { field: 'id' },
    });
  });
});
