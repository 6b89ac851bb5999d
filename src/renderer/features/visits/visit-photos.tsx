import { Badge, Caption1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useAppEvent, useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { officerMessage } from '../../components/officer-message.js';
import { useT } from '../../state/i18n/use-t.js';
import type { Position } from './photo-place.js';
import { PhotoViewer } from './photo-viewer.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: '10px' },
  tile: { display: 'flex', flexDirection: 'column', gap: '4px' },
  thumb: { width: '100%', height: '120px', objectFit: 'cover', backgroundColor: tokens.colorNeutralBackground3 },
  open: {
    padding: 0,
    border: 'none',
    background: 'none',
    cursor: 'zoom-in',
    display: 'block',
    width: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  none: {
    height: '120px',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

const UPLOAD_LABEL = {
  queued: 'visits:photos.upload.queued',
  uploading: 'visits:photos.upload.uploading',
  done: 'visits:photos.upload.done',
  failed: 'visits:photos.upload.failed',
  remote: 'visits:photos.upload.remote',
} as const;

/** The photos of a visit, with their upload state on this PC; one opens in the viewer. */
export function VisitPhotos({ visitId, school }: { readonly visitId: string; readonly school: Position | null }) {
  const styles = useStyles();
  const [open, setOpen] = useState<number | null>(null);
  const api = useApi();
  const w = useT();
  const { t } = w;
  const photos = useResult(() => api.photos.forVisit({ id: visitId }), [visitId]);
  useReloadOnDataChange(['photo'], photos.reload);
  useAppEvent('photos:progress', (e) => {
    if (e.progress.kind === 'photo-file' && (e.progress.state === 'done' || e.progress.state === 'failed'))
      photos.reload();
  });
  if (photos.error) return <ErrorNotice error={photos.error} />;
  if (!photos.data) return <Spinner size="tiny" label={t('visits:photos.loading')} />;
  if (photos.data.items.length === 0) {
    return <Caption1 data-testid="photos-placeholder">{t('visits:photos.none')}</Caption1>;
  }
  return (
    <div className={styles.grid} data-testid="visit-photos">
      {photos.data.items.map((p, index) => (
        <div key={p.photoId} className={styles.tile} data-testid="visit-photo" data-upload={p.upload}>
          {p.thumbnail ? (
            <button
              type="button"
              className={styles.open}
              onClick={() => setOpen(index)}
              title={t('visits:viewer.open', { name: p.originalName })}
              data-testid="visit-photo-open"
            >
              <img className={styles.thumb} src={p.thumbnail} alt={t('visits:viewer.open', { name: p.originalName })} />
            </button>
          ) : (
            <Caption1 className={styles.none}>{t('visits:photos.noPreview')}</Caption1>
          )}
          <Caption1>{p.originalName}</Caption1>
          <Badge
            appearance="tint"
            color={
              p.upload === 'failed'
                ? 'danger'
                : p.upload === 'done' || p.upload === 'remote'
                  ? 'success'
                  : 'informative'
            }
            title={p.error ? officerMessage(w, p.error, 'general') : undefined}
          >
            {t(UPLOAD_LABEL[p.upload])}
          </Badge>
        </div>
      ))}
      {open !== null ? (
        <PhotoViewer
          photos={photos.data.items}
          index={open}
          school={school}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}
