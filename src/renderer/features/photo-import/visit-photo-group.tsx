import { Badge, makeStyles, Subtitle2 } from '@fluentui/react-components';
import { memo } from 'react';
import type { ImportCandidateView } from '../../../shared/ipc/schemas/photos.js';
import { useT } from '../../state/i18n/use-t.js';
import { PhotoTileFrame } from './photo-tile-frame.js';
import { TILE_HEIGHT } from './photo-tile-styles.js';

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
  const { t, say } = useT();
  const why = photo.suggestion.text ? say(photo.suggestion.text) : photo.suggestion.reason;
  return (
    <PhotoTileFrame
      sha256={photo.sha256}
      name={photo.originalName}
      path={photo.relativePath}
      hasThumbnail={photo.hasThumbnail}
      thumbnailError={photo.thumbnailError}
      thumbnail={thumbnail}
      selected={selected}
      onToggle={onToggle}
      caption={
        photo.suggestion.confidence === 'none'
          ? why
          : t('photo-import:group.suggested', { confidence: photo.suggestion.confidence })
      }
      captionTitle={why}
      data={{ 'data-testid': 'photo-tile', 'data-visit-id': visitId }}
    />
  );
});
