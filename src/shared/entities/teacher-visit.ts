import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** A lesson observation of one teacher during a school visit. */
export const teacherVisit = defineEntity({
  name: 'teacherVisit',
  label: 'Teacher visit',
  titleField: 'subject',
  owner: 'schoolVisitId',
  fields: {
    schoolVisitId: f.ref('schoolVisit'),
    teacherId: f.ref('teacher'),
    lessonObserved: f.bool(),
    subject: f.text({ max: 100 }),
    grade: f.int({ min: 0, max: 13 }),
    /** Observation score, 0–100. */
    score: f.real({ min: 0, max: 100 }).optional(),
    notes: f.text({ max: 10_000 }).optional(),
  },
});
