import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPushRows } from '../../src/server/sync/lock-plan.js';
import { lockRecords } from '../../src/server/sync/record-rows.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import type { PushOp } from '../../src/shared/protocol/sync.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';
import { create, schoolFields, update, visitFields } from './helpers/records.js';

/**
 * A push reads its records from the statement that locks them (JSON built in the database) instead of
 * selecting them again: every kind of field must come back exactly as drizzle's own select maps it,
 * or merges, record rules and unique checks would compare values of two different shapes.
 */
describe.each(testDatabases)('rows as the push locked them (%s)', (database) => {
  let server: TestServer;
  const ids = { school: '', visit: '', teacherVisit: '', photo: '', form: '' };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    const [district] = server.facts?.demo.districts ?? [];
    const school = create('school', { ...schoolFields(district?.id ?? ''), latitude: -1.2921, longitude: 36.8219 });
    const visit = create('schoolVisit', {
      ...visitFields(school.id),
      latitude: 0.1 + 0.2,
      reviewStatus: 'flagged',
      reviewComment: 'Register missing',
      reviewedAt: '2026-03-02T10:11:12.345Z',
      followUpDate: '2026-04-01',
      notes: 'Quotes " and \\ and ünïcödé',
    });
    const teacher = create('teacher', {
      schoolId: school.id,
      firstName: 'Amina',
      lastName: 'Otieno',
      gender: 'female',
      active: false,
    });
    const teacherVisit = create('teacherVisit', {
      schoolVisitId: visit.id,
      teacherId: teacher.id,
      lessonObserved: true,
      subject: 'Maths',
      grade: 3,
      score: 1e-7,
    });
    const photo = create('photo', {
      schoolVisitId: visit.id,
      sha256: 'a'.repeat(64),
      size: 209_715_200,
      mimeType: 'image/jpeg',
      capturedAt: '2026-03-02T08:00:00.000Z',
      originalName: 'IMG_0001.JPG',
    });
    const form = create('projectForm', {
      organisationId: server.facts?.demo.organisationId,
      name: 'Reading check',
      formVersion: 2,
      questions: [{ key: 'q1', label: 'Reads aloud', nested: { a: [1, 2.5, null, true] } }],
    });
    const results = await server.writeAs({}, [school, visit, teacher, teacherVisit, photo, form]);
    expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    Object.assign(ids, {
      school: school.id,
      visit: visit.id,
      teacherVisit: teacherVisit.id,
      photo: photo.id,
      form: form.id,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('hands over every field kind as drizzle reads it (real, int, bool, date, datetime, json, nulls)', async () => {
    const edits: PushOp[] = [
      update('school', ids.school, 1, { name: 'Renamed' }),
      update('schoolVisit', ids.visit, 1, { notes: 'Edited' }),
      update('teacherVisit', ids.teacherVisit, 1, { notes: 'Edited' }),
      update('photo', ids.photo, 1, { caption: 'Edited' }),
      update('projectForm', ids.form, 1, { name: 'Edited' }),
      // A create's id does not exist yet: the lock finds nothing, and says so.
      create('school', schoolFields(server.facts?.demo.districts[0]?.id ?? ''), randomUUID()),
    ];
    await server.db.transaction(async (tx) => {
      const held = await lockPushRows(tx, entityGraph, edits);
      for (const op of edits) {
        const def = entityGraph.byName.get(op.entity);
        if (!def) throw new Error(`${op.entity} is declared`);
        const selected = (await lockRecords(tx, def, [op.id], 'none')).get(op.id);
        const locked = held.rows.get(def.name)?.get(op.id);
        if (op.baseVersion === null) {
          expect(locked).toBeNull();
          expect(selected).toBeUndefined();
        } else {
          expect(selected).toBeDefined();
          expect(locked).toStrictEqual(selected);
        }
      }
      // The parents the edited rows point at were locked too, and handed over the same way.
      const schoolDef = entityGraph.byName.get('school');
      const visitDef = entityGraph.byName.get('schoolVisit');
      if (!schoolDef || !visitDef) throw new Error('school and schoolVisit are declared');
      expect(held.rows.get('schoolVisit')?.get(ids.visit)?.fields).toMatchObject({
        latitude: 0.1 + 0.2,
        reviewedAt: (await lockRecords(tx, visitDef, [ids.visit], 'none')).get(ids.visit)?.fields.reviewedAt,
        followUpDate: '2026-04-01',
      });
      expect(held.rows.get('school')?.get(ids.school)).toStrictEqual(
        (await lockRecords(tx, schoolDef, [ids.school], 'none')).get(ids.school),
      );
    });
  });
});
