import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';
import { GENDERS } from './teacher.js';

/** One pupil's reading or numeracy assessment during a visit (pupils are anonymous codes). */
export const pupilAssessment = defineEntity({
  name: 'pupilAssessment',
  label: 'Pupil assessment',
  titleField: 'pupilCode',
  fields: {
    schoolVisitId: f.ref('schoolVisit'),
    pupilCode: f.text({ max: 40 }),
    grade: f.int({ min: 0, max: 13 }),
    gender: f.enum(GENDERS),
    age: f.int({ min: 3, max: 25 }),
    language: f.text({ max: 60 }),
    /** How long the assessment took. */
    durationSeconds: f.int({ min: 0, max: 86_400 }),
  },
});
