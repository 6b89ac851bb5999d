import { Caption1, Checkbox } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useT } from '../../state/i18n/use-t.js';
import { usePhotoTileStyles } from './photo-tile-styles.js';

export interface PhotoTileFrameProps {
  readonly sha256: string;
  readonly name: string;
  /** Where the file came from (the checkbox's tooltip). */
  readonly path: string;
  readonly hasThumbnail: boolean;
  readonly thumbnailError: string | null;
  /** Its preview once main sent it (`undefined`: not yet, `null`: none). */
  readonly thumbnail: string | null | undefined;
  readonly selected: boolean;
  readonly onToggle: (sha256: string, on: boolean) => void;
  /** The muted line under the name, and its tooltip. */
  readonly caption: ReactNode;
  readonly captionTitle?: string;
  /** The tile's test id and data attributes. */
  readonly data: Readonly<Record<`data-${string}`, string>>;
}

/** A photo tile (the review's and the inbox's): its preview or why there is none, a checkbox with its name, a line. */
export function PhotoTileFrame(props: PhotoTileFrameProps) {
  const styles = usePhotoTileStyles();
  const { t } = useT();
  const { sha256, thumbnail, selected } = props;
  return (
    <div className={`${styles.tile} ${selected ? styles.selected : ''}`} data-sha256={sha256} {...props.data}>
      {thumbnail ? (
        <img className={styles.thumb} src={thumbnail} alt={props.name} />
      ) : (
        <Caption1 className={styles.noThumb}>
          {props.hasThumbnail && thumbnail === undefined
            ? null
            : props.thumbnailError
              ? t('photo-import:group.noPreviewWhy')
              : t('photo-import:group.noPreview')}
        </Caption1>
      )}
      <Checkbox
        className={styles.name}
        checked={selected}
        onChange={(_, d) => props.onToggle(sha256, Boolean(d.checked))}
        label={props.name}
        title={props.path}
      />
      <Caption1 className={styles.muted} title={props.captionTitle}>
        {props.caption}
      </Caption1>
    </div>
  );
}
