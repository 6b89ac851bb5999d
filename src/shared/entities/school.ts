import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

export const SCHOOL_TYPES = ['primary', 'secondary', 'combined', 'early_childhood'] as const;

export const school = defineEntity({
  name: 'school',
  label: 'School',
  titleField: 'name',
  fields: {
    districtId: f.ref('district'),
    name: f.text({ max: 200 }),
    /** Education Management Information System code, unique nationally. */
    emisCode: f.text({ max: 40 }),
    latitude: f.real({ min: -90, max: 90 }).optional(),
    longitude: f.real({ min: -180, max: 180 }).optional(),
    type: f.enum(SCHOOL_TYPES),
    enrolment: f.int({ min: 0, max: 100_000 }),
    headTeacher: f.text({ max: 200 }).optional(),
    phone: f.text({ max: 40 }).optional(),
    active: f.bool(),
  },
});
