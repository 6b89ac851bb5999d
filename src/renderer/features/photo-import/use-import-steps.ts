import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ImportReportView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import type { Assignments } from './review-grid.js';

/** Where the import stands: each step holds what the next one needs. */
export type ImportStep =
  | { readonly kind: 'choose' }
  | { readonly kind: 'scanning'; readonly path: string }
  | { readonly kind: 'review'; readonly scan: ImportScanView; readonly assignments: Assignments }
  | { readonly kind: 'importing' }
  | { readonly kind: 'done'; readonly report: ImportReportView };

export type ReviewStep = Extract<ImportStep, { kind: 'review' }>;

export interface ImportSteps {
  readonly step: ImportStep;
  /** The last failure; a failed scan or import goes back to choosing a source. */
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
        setError(result.error);
        setStep({ kind: 'choose' });
        return;
      }
      setStep({ kind: 'done', report: result.value });
    },
    cancel: async (review) => {
      await api.photos.discard({ scanId: review.scan.scanId });
      setStep({ kind: 'choose' });
    },
    restart: () => setStep({ kind: 'choose' }),
  };
}
