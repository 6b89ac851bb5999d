import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ImportReportView } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import { type ReviewStep, stillWaiting } from './still-waiting.js';

/** Where the import stands: each step holds what the next one needs. */
export type ImportStep =
  | { readonly kind: 'choose' }
  | { readonly kind: 'scanning'; readonly path: string }
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
  /** Moves photos to a visit (`null`: leaves them out) while reviewing. */
  assign(review: ReviewStep, shas: readonly string[], visitId: string | null): void;
  commit(review: ReviewStep): Promise<void>;
  cancel(review: ReviewStep): Promise<void>;
  restart(): void;
}

/**
 * The import's steps: choose a source → scan (each photo assigned its suggested visit) → review →
 * import and upload → report. `onScanStart` clears the progress of an earlier import.
 */
export function useImportSteps(onScanStart: () => void): ImportSteps {
  const api = useApi();
  const [step, setStep] = useState<ImportStep>({ kind: 'choose' });
  const [error, setError] = useState<AppError | null>(null);
  return {
    step,
    error,
    scan: async (path) => {
      setError(null);
      onScanStart();
      setStep({ kind: 'scanning', path });
      const result = await api.photos.scan({ path });
      if (!result.ok) {
        setError(result.error);
        setStep({ kind: 'choose' });
        return;
      }
      const assignments = new Map(result.value.candidates.map((c) => [c.sha256, c.suggestion.schoolVisitId]));
      setStep({ kind: 'review', scan: result.value, assignments });
    },
    assign: (review, shas, visitId) => {
      const next = new Map(review.assignments);
      for (const sha of shas) next.set(sha, visitId);
      setStep({ ...review, assignments: next });
    },
    commit: async (review) => {
      setStep({ kind: 'importing' });
      const assignments = [...review.assignments].map(([sha256, schoolVisitId]) => ({ sha256, schoolVisitId }));
      const result = await api.photos.commit({ scanId: review.scan.scanId, assignments });
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
