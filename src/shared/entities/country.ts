import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

export const country = defineEntity({
  name: 'country',
  label: 'Country',
  referenceData: true,
  titleField: 'name',
  fields: {
    organisationId: f.ref('organisation'),
    name: f.text({ max: 200 }),
    /** ISO 3166-1 alpha-2. */
    isoCode: f.text({ min: 2, max: 2 }),
  },
});
