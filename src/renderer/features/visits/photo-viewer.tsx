import {
  Button,
  Caption1,
  Dialog,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  ToggleButton,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular, ArrowRightRegular, DismissRegular, ZoomInRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { VisitPhotoView } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { distanceMetres, type Position, positionOf } from './photo-place.js';

const useStyles = makeStyles({
  surface: {
    width: 'calc(100vw - 24px)',
    maxWidth: 'calc(100vw - 24px)',
    height: 'calc(100vh - 24px)',
    maxHeight: 'calc(100vh - 24px)',
    padding: '12px',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    boxSizing: 'border-box',
  },
  bar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  title: { flexGrow: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stage: {
    flexGrow: 1,
    minHeight: 0,
    overflow: 'auto',
    display: 'flex',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  // `margin: auto` centres the image while it fits and keeps its top-left reachable once it scrolls.
  fit: { margin: 'auto', maxWidth: '100%', maxHeight: '100%', objectFit: 'contain', display: 'block' },
  actual: { margin: 'auto', maxWidth: 'none', maxHeight: 'none', display: 'block', flexShrink: 0 },
  facts: { display: 'flex', gap: '16px', flexWrap: 'wrap' },
});

/**
 * A visit's photos one at a time at full size: fitted to the window or at 100 %, previous and next
 * (buttons, ← and →), Escape closes. The image comes upright from main (EXIF orientation applied) as a
 * `data:` URL; below it when and where the camera says it was taken, and how far that is from the school.
 */
export function PhotoViewer({
  photos,
  index,
  school,
  onIndex,
  onClose,
}: {
  readonly photos: readonly VisitPhotoView[];
  readonly index: number;
  readonly school: Position | null;
  onIndex(index: number): void;
  onClose(): void;
}) {
  const styles = useStyles();
  const { t } = useT();
  const [actualSize, setActualSize] = useState(false);
  const photo = photos[index];
  // On the window, not the dialog: a Previous or Next button that just went disabled drops the focus
  // to the page's body, and ←, → and Escape must still work.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else if (e.key === 'ArrowRight' && index < photos.length - 1) onIndex(index + 1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [index, photos.length, onIndex, onClose]);
  if (!photo) return null;
  const go = (to: number) => {
    if (to >= 0 && to < photos.length) onIndex(to);
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => (d.open ? null : onClose())}>
      <DialogSurface className={styles.surface} data-testid="photo-viewer" data-index={index}>
        <div className={styles.bar}>
          <DialogTitle as="h2" className={styles.title}>
            {photo.originalName}
          </DialogTitle>
          <Caption1 data-testid="photo-viewer-position">
            {t('visits:viewer.position', { position: index + 1, total: photos.length })}
          </Caption1>
          <Tooltip content={t('visits:viewer.actualSizeTip')} relationship="description">
            <ToggleButton
              icon={<ZoomInRegular />}
              checked={actualSize}
              onClick={() => setActualSize((a) => !a)}
              data-testid="photo-viewer-zoom"
            >
              {t('visits:viewer.actualSize')}
            </ToggleButton>
          </Tooltip>
          <Tooltip content={t('visits:viewer.previousTip')} relationship="description">
            <Button
              icon={<ArrowLeftRegular />}
              disabled={index === 0}
              onClick={() => go(index - 1)}
              data-testid="photo-viewer-previous"
            >
              {t('visits:viewer.previous')}
            </Button>
          </Tooltip>
          <Tooltip content={t('visits:viewer.nextTip')} relationship="description">
            <Button
              icon={<ArrowRightRegular />}
              iconPosition="after"
              disabled={index === photos.length - 1}
              onClick={() => go(index + 1)}
              data-testid="photo-viewer-next"
            >
              {t('visits:viewer.next')}
            </Button>
          </Tooltip>
          <Button
            appearance="subtle"
            icon={<DismissRegular />}
            aria-label={t('visits:viewer.close')}
            title={t('visits:viewer.closeTip')}
            onClick={onClose}
            data-testid="photo-viewer-close"
          />
        </div>
        <PhotoImage key={photo.sha256} photo={photo} actualSize={actualSize} />
        <PhotoFacts photo={photo} school={school} />
      </DialogSurface>
    </Dialog>
  );
}

function PhotoImage({ photo, actualSize }: { readonly photo: VisitPhotoView; readonly actualSize: boolean }) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const image = useResult(() => api.photos.image({ sha256: photo.sha256 }), [photo.sha256]);
  return (
    <div className={styles.stage} data-testid="photo-viewer-stage">
      {image.error ? (
        <ErrorNotice error={image.error} />
      ) : image.data ? (
        <img
          className={actualSize ? styles.actual : styles.fit}
          src={image.data.image}
          width={image.data.width}
          height={image.data.height}
          alt={photo.originalName}
          data-testid="photo-viewer-image"
        />
      ) : (
        <Spinner label={t('visits:viewer.loading')} />
      )}
    </div>
  );
}

/** When, where, and with what the photo was taken, as far as the camera said. */
function PhotoFacts({ photo, school }: { readonly photo: VisitPhotoView; readonly school: Position | null }) {
  const styles = useStyles();
  const { t, format } = useT();
  const place = positionOf(photo.latitude, photo.longitude);
  const coordinate = (value: number) => format.number(value, { maxFractionDigits: 5 });
  const metres = place && school ? distanceMetres(place, school) : null;
  return (
    <div className={styles.facts} data-testid="photo-viewer-facts">
      <Caption1 data-testid="photo-viewer-taken">
        {photo.capturedAt
          ? t('visits:viewer.taken', { when: format.dateTime(photo.capturedAt) })
          : t('visits:viewer.noTime')}
      </Caption1>
      <Caption1 data-testid="photo-viewer-place">
        {place
          ? t('visits:viewer.place', { latitude: coordinate(place.latitude), longitude: coordinate(place.longitude) })
          : t('visits:viewer.noPlace')}
      </Caption1>
      {metres !== null ? (
        <Caption1 data-testid="photo-viewer-distance">
          {metres < 1000
            ? t('visits:viewer.metresFromSchool', { distance: format.number(Math.round(metres)) })
            : t('visits:viewer.kilometresFromSchool', {
                distance: format.number(metres / 1000, { maxFractionDigits: 1 }),
              })}
        </Caption1>
      ) : null}
      {photo.camera ? <Caption1>{t('visits:viewer.camera', { camera: photo.camera })}</Caption1> : null}
    </div>
  );
}
