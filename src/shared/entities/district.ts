import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

/** The entity type officers' access is scoped to (a user sees the districts they are given). */
export const ACCESS_UNIT = 'district';

/** The unit an officer's access is usually scoped to. */
export const district = defineEntity({
  name: 'district',
  label: 'District',
  referenceData: true,
  titleField: 'name',
  fields: {
    regionId: f.ref('region'),
    name: f.text({ max: 200 }),
    code: f.text({ max: 40 }),
  },
});
