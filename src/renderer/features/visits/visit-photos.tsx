import { Badge, Caption1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useApi } from '../../api/api-context.js';
import { useAppEvent, useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: '10px' },
  tile: { display: 'flex', flexDirection: 'column', gap: '4px' },
  thumb: { width: '100%', height: '120px', objectFit: 'cover', backgroundColor: tokens.colorNeutralBackground3 },
  none: {
    height: '120px',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

const UPLOAD_LABEL = {
  queued: 'Waiting to upload',
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Upload failed',
  remote: 'On the server',
} as const;

/** The photos of a visit, with their upload state on this PC. */
export function VisitPhotos({ visitId }: { readonly visitId: string }) {
  const styles = useStyles();
  const api = useApi();
  const photos = useResult(() => api.photos.forVisit({ id: visitId }), [visitId]);
  useReloadOnDataChange(['photo'], photos.reload);
  useAppEvent('photos:progress', (e) => {
    if (e.progress.kind === 'photo-file' && (e.progress.state === 'done' || e.progress.state === 'failed'))
      photos.reload();
  });
  if (photos.error) return <ErrorNotice error={photos.error} />;
  if (!photos.data) return <Spinner size="tiny" />;
  if (photos.data.items.length === 0) {
    return (
      <Caption1 data-testid="photos-placeholder">
        No photos for this visit yet. Photos imported from camera cards appear here.
      </Caption1>
    );
  }
  return (
    <div className={styles.grid} data-testid="visit-photos">
      {photos.data.items.map((p) => (
        <div key={p.photoId} className={styles.tile} data-testid="visit-photo" data-upload={p.upload}>
          {p.thumbnail ? (
            <img className={styles.thumb} src={p.thumbnail} alt={p.originalName} />
          ) : (
            <Caption1 className={styles.none}>No preview</Caption1>
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
            title={p.error?.message}
          >
            {UPLOAD_LABEL[p.upload]}
          </Badge>
        </div>
      ))}
    </div>
  );
}
