import { Badge, Caption1, Checkbox, makeStyles, Subtitle2 } from '@fluentui/react-components';
import { memo } from 'react';
import type { ImportCandidateView } from '../../../shared/ipc/schemas/photos.js';
import { useT } from '../../state/i18n/use-t.js';
import { TILE_HEIGHT, usePhotoTileStyles } from './photo-tile-styles.js';

export { TILE_HEIGHT };

/** A group header's height, fixed (as the tiles' is) so the virtual grid knows every row's height unmeasured. */
export const HEADER_HEIGHT = 40;

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    height: `${HEADER_HEIGHT}px`,
    boxSizing: 'border-box',
    paddingTop: '8px',
  },
});

/** The title of the photos assigned to one visit (or left out), with how many they are. */
export function VisitGroupHeader({
  visitId,
  visitName,
  count,
}: {
  /** The visit's id; empty for the photos left out. */
  readonly visitId: string;
  /** The visit's school and date. */
  readonly visitName: string | undefined;
  readonly count: number;
}) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <div className={styles.header} data-testid="visit-group" data-visit-id={visitId} data-count={count}>
      <Subtitle2>{visitId ? (visitName ?? visitId) : t('photo-import:group.unassigned')}</Subtitle2>
      <Badge appearance="tint">{count}</Badge>
    </div>
  );
}

/**
 * A photo's thumbnail (or why there is none), a checkbox with its name, and how sure the suggestion is.
 * Memoised: ticking one photo re-renders that tile only.
 */
export const PhotoTile = memo(function PhotoTile({
  photo,
  visitId,
  thumbnail,
  selected,
  onToggle,
}: {
  readonly photo: ImportCandidateView;
  /** The visit it is assigned to now (empty: left out). */
  readonly visitId: string;
  /** Its preview once main sent it (`undefined`: not yet, `null`: none). */
  readonly thumbnail: string | null | undefined;
  readonly selected: boolean;
  readonly onToggle: (sha256: string, on: boolean) => void;
}) {
  const styles = usePhotoTileStyles();
  const { t, say } = useT();
  const why = photo.suggestion.text ? say(photo.suggestion.text) : photo.suggestion.reason;
  return (
    <div
      className={`${styles.tile} ${selected ? styles.selected : ''}`}
      data-testid="photo-tile"
      data-sha256={photo.sha256}
      data-visit-id={visitId}
    >
      {thumbnail ? (
        <img className={styles.thumb} src={thumbnail} alt={photo.originalName} />
      ) : (
        <Caption1 className={styles.noThumb}>
          {photo.hasThumbnail && thumbnail === undefined
            ? null
            : photo.thumbnailError
              ? t('photo-import:group.noPreviewWhy')
              : t('photo-import:group.noPreview')}
        </Caption1>
      )}
      <Checkbox
        className={styles.name}
        checked={selected}
        onChange={(_, d) => onToggle(photo.sha256, Boolean(d.checked))}
        label={photo.originalName}
        title={photo.relativePath}
      />
      <Caption1 className={styles.muted} title={why}>
        {photo.suggestion.confidence === 'none'
          ? why
          : t('photo-import:group.suggested', { confidence: photo.suggestion.confidence })}
      </Caption1>
    </div>
  );
});
