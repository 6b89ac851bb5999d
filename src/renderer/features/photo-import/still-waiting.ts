import type { ImportReportView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';

/**
 * The review of a scan: its photos (every page of them, loaded one by one) and the visit chosen for
 * each (`null`: left out); `selected` the photos ticked when the review (re)started, `resumed` when
 * the officer came back to a scan left open.
 */
export interface ReviewStep {
  readonly kind: 'review';
  readonly scan: ImportScanView;
  readonly assignments: ReadonlyMap<string, string | null>;
  readonly selected: ReadonlySet<string>;
  readonly resumed: boolean;
}

/**
 * The photos of `review` an import left staged because another program (an antivirus, OneDrive) held
 * them, with the visits the officer chose, to import again; `null` when none waits.
 */
export function stillWaiting(review: ReviewStep, report: ImportReportView): ReviewStep | null {
  if (report.waiting === 0) return null;
  const held = new Set(report.skipped.filter((s) => s.reason === 'locked').map((s) => s.path));
  const candidates = review.scan.candidates.filter((c) => held.has(c.relativePath));
  const assignments = new Map(candidates.map((c) => [c.sha256, review.assignments.get(c.sha256) ?? null]));
  return {
    kind: 'review',
    scan: { ...review.scan, candidates, candidateCount: candidates.length },
    assignments,
    selected: new Set(),
    resumed: false,
  };
}
