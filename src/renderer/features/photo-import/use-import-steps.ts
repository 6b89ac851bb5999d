import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { FieldsyncApi } from '../../../shared/ipc/api.js';
import { type ImportReportView, type ImportScanView, SCAN_PAGE_SIZE } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import { type ReviewStep, stillWaiting } from './still-waiting.js';

/** Where the import stands: each step holds what the next one needs. */
export type ImportStep =
  | { readonly kind: 'choose' }
  | { readonly kind: 'scanning'; readonly path: string }
  /** The scan's photos arriving page by page (`done` of `count`). */
  | { readonly kind: 'loading'; readonly done: number; readonly count: number }
  | ReviewStep
  | { readonly kind: 'importing' }
  /** `waiting`: photos another program held, still staged with their visits, to import again. */
  | { readonly kind: 'done'; readonly report: ImportReportView; readonly waiting: ReviewStep | null };

export type { ReviewStep };

export interface ImportSteps {
  readonly step: ImportStep;
  /** The last failure: a failed scan goes back to choosing a source, a failed import back to the review. */
  readonly error: AppError | null;
  scan(path: string): Promise<void>;
  /** Moves photos to a visit (`null`: leaves them out) while reviewing; main keeps the choice. */
  assign(review: ReviewStep, shas: readonly string[], visitId: string | null): void;
  /** The photos ticked now (main keeps them, so the review resumes with them). */
  select(review: ReviewStep, shas: ReadonlySet<string>): void;
  commit(review: ReviewStep): Promise<void>;
  /** Discards the scan: its staged copies go, nothing is imported. */
  cancel(review: ReviewStep): Promise<void>;
  restart(): void;
}

/**
 * The import's steps: choose a source → scan (each photo assigned its suggested visit) → review →
 * import and upload → report. A scan left under review is kept in main: coming back to the screen
 * resumes it. `onScanStart` clears the progress of an earlier import.
 */
export function useImportSteps(onScanStart: () => void): ImportSteps {
  const api = useApi();
  const [step, setStep] = useState<ImportStep>({ kind: 'choose' });
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    void api.photos.openScan().then(async (open) => {
      if (!live || !open.ok || !open.value) return;
      const review = await loadReview(api, open.value, true, (s) => live && setStep(s));
      if (!live) return;
      if (review.ok) setStep(review.value);
      else setError(review.error);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return {
    step,
    error,
    scan: async (path) => {
      setError(null);
      onScanStart();
      setStep({ kind: 'scanning', path });
      const result = await api.photos.scan({ path });
      const review = result.ok ? await loadReview(api, result.value, false, setStep) : result;
      if (!review.ok) {
        setError(review.error);
        setStep({ kind: 'choose' });
        return;
      }
      setStep(review.value);
    },
    assign: (review, shas, visitId) => {
      const next = new Map(review.assignments);
      for (const sha of shas) next.set(sha, visitId);
      setStep({ ...review, assignments: next, selected: new Set() });
      void api.photos.review({
        scanId: review.scan.scanId,
        sha256s: [...shas],
        change: { kind: 'assign', schoolVisitId: visitId },
      });
      void api.photos.review({ scanId: review.scan.scanId, sha256s: [], change: { kind: 'select' } });
    },
    select: (review, shas) => {
      void api.photos.review({ scanId: review.scan.scanId, sha256s: [...shas], change: { kind: 'select' } });
    },
    commit: async (review) => {
      setStep({ kind: 'importing' });
      // Main holds the review's choices (`photos:review`); the import sends none of its own.
      const result = await api.photos.commit({ scanId: review.scan.scanId, assignments: [] });
      if (!result.ok) {
        // Main keeps the scan open: the officer's visits are still here to import again.
        setError(result.error);
        setStep(review);
        return;
      }
      setError(null);
      setStep({ kind: 'done', report: result.value, waiting: stillWaiting(review, result.value) });
    },
    cancel: async (review) => {
      await api.photos.discard({ scanId: review.scan.scanId });
      setStep({ kind: 'choose' });
    },
    restart: () => setStep({ kind: 'choose' }),
  };
}

/**
 * A scan's review with all its photos: the first page came with the scan, the others are asked one
 * page at a time (a 5,000-photo card never travels as one message), each with main's choices.
 */
async function loadReview(
  api: FieldsyncApi,
  scan: ImportScanView,
  resumed: boolean,
  onProgress: (step: ImportStep) => void,
): Promise<{ ok: true; value: ReviewStep } | { ok: false; error: AppError }> {
  const candidates = [...scan.candidates];
  while (candidates.length < scan.candidateCount) {
    onProgress({ kind: 'loading', done: candidates.length, count: scan.candidateCount });
    const page = await api.photos.scanPage({ scanId: scan.scanId, offset: candidates.length, limit: SCAN_PAGE_SIZE });
    if (!page.ok) return page;
    if (page.value.candidates.length === 0) break;
    candidates.push(...page.value.candidates);
  }
  return {
    ok: true,
    value: {
      kind: 'review',
      scan: { ...scan, candidates },
      assignments: new Map(candidates.map((c) => [c.sha256, c.assigned])),
      selected: new Set(candidates.filter((c) => c.selected).map((c) => c.sha256)),
      resumed,
    },
  };
}
