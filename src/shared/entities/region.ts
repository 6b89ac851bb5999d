import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

export const region = defineEntity({
  name: 'region',
  label: 'Region',
  referenceData: true,
  titleField: 'name',
  fields: {
    countryId: f.ref('country'),
    name: f.text({ max: 200 }),
    code: f.text({ max: 40 }),
  },
});
