import { Badge, Caption1, Card, Checkbox, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { ImportCandidateView } from '../../../shared/ipc/schemas/photos.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  group: { marginBottom: '12px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px' },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '6px',
    borderRadius: tokens.borderRadiusMedium,
  },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  thumb: { width: '100%', height: '110px', objectFit: 'cover', backgroundColor: tokens.colorNeutralBackground3 },
  noThumb: {
    height: '110px',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface VisitPhotoGroupProps {
  /** The visit's id; empty for the photos left out. */
  readonly visitId: string;
  /** The visit's school and date. */
  readonly visitName: string | undefined;
  readonly photos: readonly ImportCandidateView[];
  readonly selected: ReadonlySet<string>;
  readonly onToggle: (sha256: string, on: boolean) => void;
}

/** The photos assigned to one visit (or left out), each a tile that can be selected. */
export function VisitPhotoGroup({ visitId, visitName, photos, selected, onToggle }: VisitPhotoGroupProps) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <Card className={styles.group} data-testid="visit-group" data-visit-id={visitId}>
      <Subtitle2>
        {visitId ? (visitName ?? visitId) : t('photo-import:group.unassigned')}{' '}
        <Badge appearance="tint">{photos.length}</Badge>
      </Subtitle2>
      <div className={styles.grid}>
        {photos.map((c) => (
          <PhotoTile
            key={c.sha256}
            photo={c}
            selected={selected.has(c.sha256)}
            onToggle={(on) => onToggle(c.sha256, on)}
          />
        ))}
      </div>
    </Card>
  );
}

/** A photo's thumbnail (or why there is none), a checkbox with its name, and how sure the suggestion is. */
function PhotoTile({
  photo,
  selected,
  onToggle,
}: {
  readonly photo: ImportCandidateView;
  readonly selected: boolean;
  readonly onToggle: (on: boolean) => void;
}) {
  const styles = useStyles();
  const { t, say } = useT();
  const why = photo.suggestion.text ? say(photo.suggestion.text) : photo.suggestion.reason;
  return (
    <div
      className={`${styles.tile} ${selected ? styles.selected : ''}`}
      data-testid="photo-tile"
      data-sha256={photo.sha256}
    >
      {photo.thumbnail ? (
        <img className={styles.thumb} src={photo.thumbnail} alt={photo.originalName} />
      ) : (
        <Caption1 className={styles.noThumb}>
          {photo.thumbnailError ? t('photo-import:group.noPreviewWhy') : t('photo-import:group.noPreview')}
        </Caption1>
      )}
      <Checkbox checked={selected} onChange={(_, d) => onToggle(Boolean(d.checked))} label={photo.originalName} />
      <Caption1 className={styles.muted} title={why}>
        {photo.suggestion.confidence === 'none'
          ? why
          : t('photo-import:group.suggested', { confidence: photo.suggestion.confidence })}
      </Caption1>
    </div>
  );
}
