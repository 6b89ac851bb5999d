import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** The pupil's answers to one section of an assessment (letters, words, passage, …). */
export const sectionAnswer = defineEntity({
  name: 'sectionAnswer',
  label: 'Section answer',
  titleField: 'section',
  fields: {
    pupilAssessmentId: f.ref('pupilAssessment'),
    section: f.text({ max: 60 }),
    /** At most one per item of `answers` (2,000). */
    correct: f.int({ min: 0, max: 2000 }),
    attempted: f.int({ min: 0, max: 2000 }),
    seconds: f.int({ min: 0, max: 86_400 }),
    /** Item-by-item answers, e.g. `1101001` (1 = correct). */
    answers: f.text({ max: 2000 }),
  },
});
