import { makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { useT } from '../../state/i18n/use-t.js';
import { layoutVisitPicture, type PictureNode } from './graph-layout.js';

const BOX_W = 176;
const BOX_H = 30;
const GAP_X = 40;
const GAP_Y = 10;

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  text: { fontSize: '11px', fontFamily: tokens.fontFamilyBase },
});

/** The visit's related records as a picture: boxes per record (or group), lines per reference. */
export function VisitPicture({ graph }: { readonly graph: VisitGraph }) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const picture = useMemo(
    () =>
      layoutVisitPicture(graph, {
        visit: (v) =>
          t('visits:picture.visit', { date: show.fieldValue('schoolVisit', 'visitDate', v.fields.visitDate) }),
        group: (entity, count) => t('visits:picture.group', { count, kind: words.kind(entity, 'other') }),
        record: (entity, title) => t('visits:picture.record', { kind: words.kind(entity), title }),
      }),
    [graph, t, words, show],
  );
  const at = new Map(picture.nodes.map((n) => [n.key, n]));
  const x = (n: PictureNode) => 8 + n.column * (BOX_W + GAP_X);
  const y = (n: PictureNode) => 8 + n.row * (BOX_H + GAP_Y);
  const width = 16 + picture.columns * (BOX_W + GAP_X) - GAP_X;
  const height = 16 + picture.rows * (BOX_H + GAP_Y) - GAP_Y;
  return (
    <div className={styles.scroll}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={t('visits:picture.label')}
        data-testid="visit-picture"
      >
        {picture.edges.map((e) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (!a || !b) return null;
          const x1 = x(a) + BOX_W;
          const y1 = y(a) + BOX_H / 2;
          const x2 = x(b);
          const y2 = y(b) + BOX_H / 2;
          return (
            <path
              key={`${e.from}>${e.to}`}
              d={route(x1, y1, x2, y2, y(a) + BOX_H + GAP_Y / 2)}
              data-testid="picture-line"
              data-from={e.from}
              data-to={e.to}
              style={{ fill: 'none', stroke: tokens.colorNeutralStroke1 }}
              strokeDasharray={e.reference ? '4 3' : undefined}
            />
          );
        })}
        {picture.nodes.map((n) => (
          <g key={n.key} data-testid="picture-node" data-key={n.key} data-entity={n.entity} data-state={stateOf(n)}>
            <rect
              x={x(n)}
              y={y(n)}
              width={BOX_W}
              height={BOX_H}
              rx={4}
              style={{ fill: fillOf(n), stroke: strokeOf(n) }}
              strokeWidth={n.pending || n.conflicted ? 2 : 1}
            />
            <text
              x={x(n) + 8}
              y={y(n) + BOX_H / 2 + 4}
              className={styles.text}
              style={{ fill: tokens.colorNeutralForeground1 }}
            >
              {n.label.length > 30 ? `${n.label.slice(0, 29)}…` : n.label}
              <title>{n.label}</title>
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/**
 * A line from a box's right edge to a later box's left edge that never runs behind a box. Between
 * neighbouring columns a curve stays in the gap between them; a line that skips columns (a reference
 * to a teacher or form) goes down the gap after its own column, along the gap below its own row (rows
 * line up across columns, so that gap is clear of boxes), and up the gap before its target's column.
 */
function route(x1: number, y1: number, x2: number, y2: number, rowGap: number): string {
  if (x2 - x1 <= GAP_X) {
    const mid = (x1 + x2) / 2;
    return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
  }
  const out = x1 + GAP_X / 2;
  const into = x2 - GAP_X / 2;
  return `M${x1},${y1} H${out} V${rowGap} H${into} V${y2} H${x2}`;
}

const stateOf = (n: PictureNode) => (n.conflicted ? 'conflict' : n.pending ? 'pending' : 'synced');
const fillOf = (n: PictureNode) =>
  n.conflicted
    ? tokens.colorPaletteRedBackground1
    : n.pending
      ? tokens.colorPaletteYellowBackground1
      : tokens.colorNeutralBackground1;
const strokeOf = (n: PictureNode) =>
  n.conflicted
    ? tokens.colorPaletteRedBorder2
    : n.pending
      ? tokens.colorPaletteMarigoldBorder2
      : tokens.colorNeutralStroke1;
