import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineEntity } from '../../src/shared/entity/define-entity.js';
import { f } from '../../src/shared/entity/field.js';
import { openStoreWithEntities } from './support/extra-entities.js';
import { applyDeployment, first, must, tinyDeployment, wire } from './support/store-fixture.js';

/** The one declaration a developer writes to add an entity type. */
const inspectionNote = defineEntity({
  name: 'inspectionNote',
  label: 'Inspection note',
  titleField: 'title',
  fields: {
    schoolVisitId: f.ref('schoolVisit'),
    title: f.text({ max: 200 }),
    body: f.text({ max: 4000 }).optional(),
    severity: f.enum(['low', 'high']),
  },
});

const dir = mkdtempSync(join(tmpdir(), 'fieldsync-new-entity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('adding an entity type', () => {
  it('is one declaration plus a generated migration: the store syncs and edits it like any other', async () => {
    const { store, tag, sql } = await openStoreWithEntities(dir, [inspectionNote], 'add_inspection_note');
    expect(tag).toMatch(/^\d{4}_add_inspection_note$/);
    expect(sql.match(/CREATE TABLE `(\w+)`/g)).toEqual(['CREATE TABLE `inspection_notes`']);
    expect(sql).toContain('REFERENCES `school_visits`(`id`)');

    const seed = tinyDeployment();
    applyDeployment(store, seed);
    const visit = first(seed, 'schoolVisit');
    const pulled = {
      id: '00000000-0000-4000-8000-00000000f001',
      schoolVisitId: visit.id,
      title: 'Roof leaks',
      body: null,
      severity: 'high',
    };
    const stats = must(store.applyServerPage({ changes: [{ collection: 'inspection-notes', items: [wire(pulled)] }] }));
    expect(stats.applied).toBe(1);
    expect(store.getRecord('inspectionNote', pulled.id)).toMatchObject({ fields: { title: 'Roof leaks' }, version: 1 });
    expect(store.getCursors()).toHaveProperty('inspection-notes', null);

    const { id, opId } = must(
      store.createRecord('inspectionNote', { schoolVisitId: visit.id, title: 'Books missing', severity: 'low' }),
    );
    expect(store.readyOps(10)).toEqual([expect.objectContaining({ opId, entity: 'inspectionNote', id })]);
    expect(store.listOutbox()[0]).toMatchObject({ entityLabel: 'Inspection note', recordTitle: 'Books missing' });
    expect(store.updateRecord('inspectionNote', id, { severity: 'urgent' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', entity: 'inspectionNote', field: 'severity' },
    });
    store.close();
  });
});
