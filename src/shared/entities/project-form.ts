import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/**
 * A monitoring questionnaire. `questions` is a JSON array of
 * `{ key, label, type: 'text' | 'number' | 'yes_no' | 'choice', options? }`.
 */
export const projectForm = defineEntity({
  name: 'projectForm',
  label: 'Project form',
  referenceData: true,
  titleField: 'name',
  fields: {
    organisationId: f.ref('organisation'),
    name: f.text({ max: 200 }),
    formVersion: f.int({ min: 1, max: 100_000 }),
    questions: f.json(),
  },
});
