import { Button, Caption1, makeStyles, ProgressBar, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ImportReportView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ImportReportCard } from './import-report-view.js';
import { type Assignments, ReviewGrid } from './review-grid.js';
import { SourcePicker } from './source-picker.js';
import { UploadProgressView } from './upload-progress-view.js';
import { usePhotoProgress } from './use-photo-progress.js';

const useStyles = makeStyles({
  root: {
    padding: '16px 20px',
    overflowY: 'auto',
    height: '100%',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
  },
  actions: { display: 'flex', gap: '8px' },
});

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'scanning'; readonly path: string }
  | { readonly kind: 'review'; readonly scan: ImportScanView; readonly assignments: Assignments }
  | { readonly kind: 'importing' }
  | { readonly kind: 'done'; readonly report: ImportReportView };

/**
 * Import photos: pick a card or folder → scan (thumbnails grouped by suggested visit) → confirm or
 * reassign in bulk → import and upload, with progress per file and overall, and the report.
 */
export function ImportPhotosScreen() {
  const styles = useStyles();
  const api = useApi();
  const progress = usePhotoProgress();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<AppError | null>(null);

  const scan = async (path: string) => {
    setError(null);
    progress.reset();
    setStep({ kind: 'scanning', path });
    const result = await api.photos.scan({ path });
    if (!result.ok) {
      setError(result.error);
      setStep({ kind: 'choose' });
      return;
    }
    const assignments = new Map(result.value.candidates.map((c) => [c.sha256, c.suggestion.schoolVisitId]));
    setStep({ kind: 'review', scan: result.value, assignments });
  };
  const commit = async (s: Extract<Step, { kind: 'review' }>) => {
    setStep({ kind: 'importing' });
    const assignments = [...s.assignments].map(([sha256, schoolVisitId]) => ({ sha256, schoolVisitId }));
    const result = await api.photos.commit({ scanId: s.scan.scanId, assignments });
    if (!result.ok) {
      setError(result.error);
      setStep({ kind: 'choose' });
      return;
    }
    setStep({ kind: 'done', report: result.value });
  };
  const cancel = async (s: Extract<Step, { kind: 'review' }>) => {
    await api.photos.discard({ scanId: s.scan.scanId });
    setStep({ kind: 'choose' });
  };

  return (
    <div className={styles.root} data-testid="photos-screen" data-step={step.kind}>
      <Title3 as="h1">Import photos</Title3>
      {error ? <ErrorNotice error={error} /> : null}
      {step.kind === 'choose' ? <SourcePicker onScan={(p) => void scan(p)} busy={false} /> : null}
      {step.kind === 'scanning' ? (
        <div data-testid="scanning">
          <Caption1>
            Reading {step.path}: {progress.scan?.filesProcessed ?? 0} of {progress.scan?.filesSeen ?? 0} files
          </Caption1>
          <ProgressBar />
        </div>
      ) : null}
      {step.kind === 'review' ? (
        <>
          <Caption1>
            {step.scan.candidates.length} new photos, {step.scan.duplicates.length} already imported,{' '}
            {step.scan.skipped.length} skipped. Check each group's visit; select photos to move them to another visit.
          </Caption1>
          <div className={styles.actions}>
            <Button appearance="primary" data-testid="import" onClick={() => void commit(step)}>
              Import {[...step.assignments.values()].filter(Boolean).length} photos and upload
            </Button>
            <Button onClick={() => void cancel(step)}>Cancel</Button>
          </div>
          <ReviewGrid
            scan={step.scan}
            assignments={step.assignments}
            onAssign={(shas, visitId) => {
              const next = new Map(step.assignments);
              for (const sha of shas) next.set(sha, visitId);
              setStep({ ...step, assignments: next });
            }}
          />
        </>
      ) : null}
      {step.kind === 'importing' ? <ProgressBar /> : null}
      {step.kind === 'done' ? (
        <>
          <ImportReportCard report={step.report} />
          {step.report.imported > 0 ? <UploadProgressView progress={progress} /> : null}
          <div className={styles.actions}>
            <Button onClick={() => setStep({ kind: 'choose' })} data-testid="import-more">
              Import more
            </Button>
            <Button onClick={() => void api.photos.upload()}>Retry uploads</Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
