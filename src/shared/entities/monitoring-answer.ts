import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** The answer to one project-form question, recorded during a visit. */
export const monitoringAnswer = defineEntity({
  name: 'monitoringAnswer',
  label: 'Monitoring answer',
  titleField: 'questionKey',
  owner: 'schoolVisitId',
  fields: {
    schoolVisitId: f.ref('schoolVisit'),
    projectFormId: f.ref('projectForm'),
    questionKey: f.text({ max: 100 }),
    value: f.text({ max: 4000 }),
    comment: f.text({ max: 4000 }).optional(),
  },
});
