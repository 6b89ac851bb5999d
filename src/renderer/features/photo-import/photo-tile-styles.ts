import { makeStyles, tokens } from '@fluentui/react-components';

/** A tile's height, fixed so the review's virtual grid knows every row's height unmeasured. */
export const TILE_HEIGHT = 186;

/** A photo tile (the review's and the inbox's): its box, preview, name and a muted line. */
export const usePhotoTileStyles = makeStyles({
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '6px',
    boxSizing: 'border-box',
    height: `${TILE_HEIGHT}px`,
    minWidth: 0,
    overflow: 'hidden',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  thumb: { width: '100%', height: '110px', objectFit: 'cover', backgroundColor: tokens.colorNeutralBackground3 },
  noThumb: {
    height: '110px',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  name: { minWidth: 0, '& label': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } },
  muted: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});
