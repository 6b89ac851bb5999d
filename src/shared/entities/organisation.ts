import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** The tenant root: a ministry, NGO or programme that owns everything below it. */
export const organisation = defineEntity({
  name: 'organisation',
  label: 'Organisation',
  referenceData: true,
  titleField: 'name',
  fields: {
    name: f.text({ max: 200 }),
    code: f.text({ max: 40 }),
  },
});
