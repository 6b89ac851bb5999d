import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

export const GENDERS = ['female', 'male', 'other'] as const;

export const teacher = defineEntity({
  name: 'teacher',
  label: 'Teacher',
  titleField: 'lastName',
  fields: {
    schoolId: f.ref('school'),
    firstName: f.text({ max: 100 }),
    lastName: f.text({ max: 100 }),
    gender: f.enum(GENDERS),
    employeeNumber: f.text({ max: 40 }).optional(),
    qualification: f.text({ max: 100 }).optional(),
    phone: f.text({ max: 40 }).optional(),
    active: f.bool(),
  },
});
