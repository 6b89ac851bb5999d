import { Button, Caption1, makeStyles, ProgressBar, Title3 } from '@fluentui/react-components';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ImportReportCard } from './import-report-view.js';
import { ReviewGrid } from './review-grid.js';
import { SourcePicker } from './source-picker.js';
import { UploadProgressView } from './upload-progress-view.js';
import { type ImportSteps, type ReviewStep, useImportSteps } from './use-import-steps.js';
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

/**
 * Import photos: pick a card or folder → scan (thumbnails grouped by suggested visit) → confirm or
 * reassign in bulk → import and upload, with progress per file and overall, and the report.
 */
export function ImportPhotosScreen() {
  const styles = useStyles();
  const api = useApi();
  const progress = usePhotoProgress();
  const steps = useImportSteps(progress.reset);
  const { step } = steps;
  return (
    <div className={styles.root} data-testid="photos-screen" data-step={step.kind}>
      <Title3 as="h1">Import photos</Title3>
      {steps.error ? <ErrorNotice error={steps.error} /> : null}
      {step.kind === 'choose' ? <SourcePicker onScan={(p) => void steps.scan(p)} busy={false} /> : null}
      {step.kind === 'scanning' ? (
        <div data-testid="scanning">
          <Caption1>
            Reading {step.path}: {progress.scan?.filesProcessed ?? 0} of {progress.scan?.filesSeen ?? 0} files
          </Caption1>
          <ProgressBar />
        </div>
      ) : null}
      {step.kind === 'review' ? <ReviewStepView review={step} steps={steps} /> : null}
      {step.kind === 'importing' ? <ProgressBar /> : null}
      {step.kind === 'done' ? (
        <>
          <ImportReportCard report={step.report} />
          {step.report.imported > 0 ? <UploadProgressView progress={progress} /> : null}
          <div className={styles.actions}>
            <Button onClick={steps.restart} data-testid="import-more">
              Import more
            </Button>
            <Button onClick={() => void api.photos.upload()}>Retry uploads</Button>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** The scan's outcome in numbers, Import and Cancel, and the photos grouped by visit. */
function ReviewStepView({ review, steps }: { readonly review: ReviewStep; readonly steps: ImportSteps }) {
  const styles = useStyles();
  const { scan, assignments } = review;
  return (
    <>
      <Caption1>
        {scan.candidates.length} new photos, {scan.duplicates.length} already imported, {scan.skipped.length} skipped.
        Check each group's visit; select photos to move them to another visit.
      </Caption1>
      <div className={styles.actions}>
        <Button appearance="primary" data-testid="import" onClick={() => void steps.commit(review)}>
          Import {[...assignments.values()].filter(Boolean).length} photos and upload
        </Button>
        <Button onClick={() => void steps.cancel(review)}>Cancel</Button>
      </div>
      <ReviewGrid
        scan={scan}
        assignments={assignments}
        onAssign={(shas, visitId) => steps.assign(review, shas, visitId)}
      />
    </>
  );
}
