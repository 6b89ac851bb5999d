/**
 * The entity graph, declared once. Add an entity type by writing its declaration beside these and
 * listing it here; tables, validation, sync order and API collections all follow
 * (see docs/ARCHITECTURE.md, "Adding an entity type").
 */
import { assessmentResult } from './assessment-result.js';
import { country } from './country.js';
import { district } from './district.js';
import { monitoringAnswer } from './monitoring-answer.js';
import { organisation } from './organisation.js';
import { photo } from './photo.js';
import { projectForm } from './project-form.js';
import { pupilAssessment } from './pupil-assessment.js';
import { region } from './region.js';
import { school } from './school.js';
import { schoolVisit } from './school-visit.js';
import { sectionAnswer } from './section-answer.js';
import { teacher } from './teacher.js';
import { teacherVisit } from './teacher-visit.js';

export {
  assessmentResult,
  country,
  district,
  monitoringAnswer,
  organisation,
  photo,
  projectForm,
  pupilAssessment,
  region,
  school,
  schoolVisit,
  sectionAnswer,
  teacher,
  teacherVisit,
};

/** Every synced entity type, in declaration order. Use `entityGraph` for the topological order. */
export const declaredEntities = [
  organisation,
  country,
  region,
  district,
  school,
  teacher,
  projectForm,
  schoolVisit,
  teacherVisit,
  pupilAssessment,
  sectionAnswer,
  assessmentResult,
  monitoringAnswer,
  photo,
] as const;

export type DeclaredEntity = (typeof declaredEntities)[number];
export type EntityName = DeclaredEntity['name'];
