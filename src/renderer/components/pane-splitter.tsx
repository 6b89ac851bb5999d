import { makeStyles, tokens } from '@fluentui/react-components';
import { type KeyboardEvent, type PointerEvent, useState } from 'react';

const STEP = 16;

const useStyles = makeStyles({
  splitter: {
    flex: '0 0 6px',
    cursor: 'col-resize',
    backgroundColor: 'transparent',
    touchAction: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralStroke2 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
});

/** A pane's width, remembered on this computer across sessions, kept between `min` and `max`. */
export function usePaneWidth(key: string, initial: number, min: number, max: number) {
  const clamp = (n: number) => Math.min(max, Math.max(min, Math.round(n)));
  const [width, setWidth] = useState(() => {
    const stored = Number(window.localStorage.getItem(`fieldsync:pane:${key}`));
    return Number.isFinite(stored) && stored > 0 ? clamp(stored) : initial;
  });
  const set = (next: number) => {
    const value = clamp(next);
    setWidth(value);
    window.localStorage.setItem(`fieldsync:pane:${key}`, String(value));
  };
  return { width, set, min, max };
}

/**
 * The bar between two side-by-side panes (WAI-ARIA window splitter): drag it, or focus it and use the
 * arrow keys (Home/End for the narrowest and widest), to resize the pane before it.
 */
export function PaneSplitter({
  pane,
  label,
}: {
  readonly pane: ReturnType<typeof usePaneWidth>;
  readonly label: string;
}) {
  const styles = useStyles();
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = pane.width;
    // Right-to-left pages grow the pane leftwards.
    const direction = getComputedStyle(event.currentTarget).direction === 'rtl' ? -1 : 1;
    const move = (e: globalThis.PointerEvent) => pane.set(startWidth + direction * (e.clientX - startX));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const grow = rtl ? 'ArrowLeft' : 'ArrowRight';
    const shrink = rtl ? 'ArrowRight' : 'ArrowLeft';
    const next =
      event.key === grow
        ? pane.width + STEP
        : event.key === shrink
          ? pane.width - STEP
          : event.key === 'Home'
            ? pane.min
            : event.key === 'End'
              ? pane.max
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    pane.set(next);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter has no native element (<hr> cannot be moved).
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={pane.width}
      aria-valuemin={pane.min}
      aria-valuemax={pane.max}
      tabIndex={0}
      className={styles.splitter}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="pane-splitter"
    />
  );
}
