import { defineEntity } from '../entity/define-entity.js';
import { f } from '../entity/field.js';
import { hasText } from '../entity/record-rules.js';

export const VISIT_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export const REVIEW_STATUSES = ['pending', 'approved', 'flagged'] as const;

/** A monitor's visit to a school; the officer reviews it. */
export const schoolVisit = defineEntity({
  name: 'schoolVisit',
  label: 'School visit',
  titleField: 'visitDate',
  // Two officers reviewing the same visit differently is a decision, not a race: hold it for a person.
  manualFields: ['reviewStatus', 'reviewComment'],
  // The worklist opens on a review status, newest first.
  localIndexes: [['reviewStatus', 'visitDate']],
  // A review must read as one decision: a flag says why, and a follow-up belongs to a flagged visit.
  rules: [
    {
      id: 'flaggedNeedsComment',
      fields: ['reviewComment', 'reviewStatus'],
      holds: (v) => v.reviewStatus !== 'flagged' || hasText(v.reviewComment),
      message: 'a flagged review needs a comment',
    },
    {
      id: 'followUpOnlyWhenFlagged',
      fields: ['followUpDate', 'reviewStatus', 'followUpNote'],
      holds: (v) => v.reviewStatus === 'flagged' || (v.followUpDate == null && v.followUpNote == null),
      message: 'a follow-up is only for a flagged visit',
    },
  ],
  fields: {
    schoolId: f.ref('school'),
    visitDate: f.date(),
    /** The server user who made the visit. */
    monitorId: f.text({ max: 64 }),
    monitorName: f.text({ max: 200 }),
    status: f.enum(VISIT_STATUSES),
    latitude: f.real({ min: -90, max: 90 }).optional(),
    longitude: f.real({ min: -180, max: 180 }).optional(),
    notes: f.text({ max: 10_000 }).optional(),
    reviewStatus: f.enum(REVIEW_STATUSES),
    reviewComment: f.text({ max: 4000 }).optional(),
    reviewedBy: f.text({ max: 200 }).optional(),
    reviewedAt: f.datetime().optional(),
    /** When the officer wants to look at a flagged visit again (the "Follow-ups due" list). */
    followUpDate: f.date().optional(),
    /** What to check on that day. */
    followUpNote: f.text({ max: 2000 }).optional(),
  },
});
