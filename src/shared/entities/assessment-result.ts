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
    /** Sum of the sections' correct answers. */
    total: f.int({ min: 0, max: 100_000 }),
    benchmarkBand: f.enum(BENCHMARK_BANDS),
  },
});
