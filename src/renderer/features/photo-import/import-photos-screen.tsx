import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  makeStyles,
  ProgressBar,
  Title3,
} from '@fluentui/react-components';
import { filesLeftOnCard } from '../../../shared/photos/card-copy.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { ImportReportCard } from './import-report-view.js';
import { PhotoInboxView } from './photo-inbox-view.js';
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
    // The page scrolls, its parts never shrink: a flex column would squeeze the report and the upload
    // list into the window and cut off their rows (the Card clips its overflow).
    '& > *': { flexShrink: 0 },
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
  const { t } = useT();
  const progress = usePhotoProgress();
  const steps = useImportSteps(progress.reset);
  const { step } = steps;
  return (
    <div className={styles.root} data-testid="photos-screen" data-step={step.kind}>
      <Title3 as="h1">{t('photo-import:title')}</Title3>
      {steps.error ? <ErrorNotice error={steps.error} /> : null}
      {step.kind === 'choose' ? (
        <>
          <SourcePicker onScan={(p) => void steps.scan(p)} busy={false} />
          <PhotoInboxView />
        </>
      ) : null}
      {step.kind === 'scanning' ? (
        <div data-testid="scanning">
          <Caption1>
            {t('photo-import:scanning', {
              path: step.path,
              done: progress.scan?.filesProcessed ?? 0,
              count: progress.scan?.filesSeen ?? 0,
            })}
          </Caption1>
          <ProgressBar />
        </div>
      ) : null}
      {step.kind === 'loading' ? (
        <div data-testid="loading-scan">
          <Caption1>{t('photo-import:review.loading', { done: step.done, count: step.count })}</Caption1>
          <ProgressBar value={step.count ? step.done / step.count : 0} />
        </div>
      ) : null}
      {step.kind === 'review' ? <ReviewStepView key={step.scan.scanId} review={step} steps={steps} /> : null}
      {step.kind === 'importing' ? <ProgressBar /> : null}
      {step.kind === 'done' ? (
        <>
          <ImportReportCard report={step.report} />
          {step.report.imported > 0 ? <UploadProgressView progress={progress} /> : null}
          <div className={styles.actions}>
            {step.waiting ? <ImportWaiting waiting={step.waiting} steps={steps} /> : null}
            <Button onClick={steps.restart} data-testid="import-more">
              {t('photo-import:importMore')}
            </Button>
            <Button onClick={() => void api.photos.upload()}>{t('photo-import:retryUploads')}</Button>
          </div>
          {step.report.inbox > 0 ? <PhotoInboxView /> : null}
        </>
      ) : null}
    </div>
  );
}

/** Imports again the photos another program held (their visits are kept). */
function ImportWaiting({ waiting, steps }: { readonly waiting: ReviewStep; readonly steps: ImportSteps }) {
  const { t } = useT();
  return (
    <Button appearance="primary" data-testid="import-waiting" onClick={() => void steps.commit(waiting)}>
      {t('photo-import:waiting.again', { count: waiting.scan.candidates.length })}
    </Button>
  );
}

/** The scan's outcome in numbers, Import and Cancel, and the photos grouped by visit. */
function ReviewStepView({ review, steps }: { readonly review: ReviewStep; readonly steps: ImportSteps }) {
  const styles = useStyles();
  const { t } = useT();
  const { scan, assignments } = review;
  const leftOnCard = filesLeftOnCard(scan.skipped);
  const toInbox = scan.candidates.filter((c) => !assignments.get(c.sha256)).length;
  return (
    <>
      {/* The scan copied every photo it could read: the card is no longer needed for this import. */}
      <MessageBar
        intent={leftOnCard === 0 ? 'success' : 'warning'}
        data-testid="card-copied"
        data-safe={leftOnCard === 0}
      >
        <MessageBarBody>
          {leftOnCard === 0
            ? t('photo-import:review.safeToRemove')
            : t('photo-import:review.keepCard', { count: leftOnCard })}
        </MessageBarBody>
      </MessageBar>
      {review.resumed ? (
        <Caption1 data-testid="scan-resumed">{t('photo-import:review.resumed', { root: scan.root })}</Caption1>
      ) : null}
      <Caption1>
        {t('photo-import:review.summary', {
          fresh: scan.candidates.length,
          duplicates: scan.duplicates.length,
          skipped: scan.skipped.length,
        })}
      </Caption1>
      <div className={styles.actions}>
        <Button appearance="primary" data-testid="import" onClick={() => void steps.commit(review)}>
          {t('photo-import:review.import', { count: [...assignments.values()].filter(Boolean).length })}
        </Button>
        <Button onClick={() => void steps.cancel(review)} data-testid="discard-scan">
          {t('photo-import:review.discard')}
        </Button>
      </div>
      {toInbox > 0 ? (
        <Caption1 data-testid="to-inbox">{t('photo-import:review.toInbox', { count: toInbox })}</Caption1>
      ) : null}
      <ReviewGrid
        scan={scan}
        assignments={assignments}
        initialSelection={review.selected}
        onAssign={(shas, visitId) => steps.assign(review, shas, visitId)}
        onSelect={(shas) => steps.select(review, shas)}
      />
    </>
  );
}
