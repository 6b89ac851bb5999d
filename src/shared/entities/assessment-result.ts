import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';

export const BENCHMARK_BANDS = ['beginner', 'emergent', 'developing', 'proficient'] as const;

/** The scored outcome of a pupil assessment; one per assessment. */
export const assessmentResult = defineEntity({
  name: 'assessmentResult',
  label: 'Assessment result',
  titleField: 'benchmarkBand',
  unique: [['pupilAssessmentId']],
  fields: {
    pupilAssessmentId: f.ref('pupilAssessment'),
    total: f.int({ min: 0 }),
    benchmarkBand: f.enum(BENCHMARK_BANDS),
  },
});
