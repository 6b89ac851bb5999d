import type { Page } from '@playwright/test';

/** What the layout check found on one screen at one window size. */
export interface LayoutReport {
  /** Controls cut off by the window or by an ancestor that clips them, and that no scrolling brings into view. */
  readonly unreachable: readonly string[];
  /** Areas that scroll vertically (a page has one; a second one inside it is a trap for the wheel). */
  readonly scrollAreas: readonly string[];
  /** Controls looked at (a screen without any would pass every check). */
  readonly controls: number;
}

/** The little of the DOM the check uses (the e2e tsconfig has no DOM types, and must not get them). */
interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}
interface El {
  readonly tagName: string;
  readonly id: string;
  readonly parentElement: El | null;
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly scrollWidth: number;
  readonly scrollHeight: number;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): El | null;
  getBoundingClientRect(): Box;
}
interface Dom {
  readonly document: { querySelectorAll(selector: string): ArrayLike<El> };
  readonly innerWidth: number;
  readonly innerHeight: number;
  getComputedStyle(el: El): { visibility: string; display: string; overflowX: string; overflowY: string };
}

/**
 * Every visible control (buttons, fields, links, tabs, rows, tree items, anything focusable) is either
 * inside the window or inside a scroll area that can bring it there; none is clipped by an ancestor
 * that does not scroll. Counts the areas that scroll vertically. Runs in the page.
 */
export async function checkLayout(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as Dom;
    const CONTROLS =
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], ' +
      '[role="row"][tabindex], [role="treeitem"], [role="link"], [role="menuitem"], [role="combobox"], [tabindex="0"]';
    const scrolls = (el: El, axis: 'x' | 'y') => {
      const style = dom.getComputedStyle(el);
      const overflow = axis === 'x' ? style.overflowX : style.overflowY;
      return overflow === 'auto' || overflow === 'scroll';
    };
    const clips = (el: El, axis: 'x' | 'y') => {
      const style = dom.getComputedStyle(el);
      const overflow = axis === 'x' ? style.overflowX : style.overflowY;
      return overflow !== 'visible';
    };
    const nameOf = (el: El) => {
      const name = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? el.textContent?.trim() ?? '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name.slice(0, 40)}"`;
    };
    const unreachable: string[] = [];
    let controls = 0;
    for (const el of Array.from(dom.document.querySelectorAll(CONTROLS))) {
      // Focus sentinels (Fluent's tabster), visually hidden inputs behind a styled control, closed popups.
      if (el.closest('[data-tabster-dummy], [aria-hidden="true"], [hidden]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      const style = dom.getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      controls++;
      // Walk up: a clipping ancestor that cannot scroll must hold the whole control; a scrolling one can
      // bring it into view (the axis it scrolls), so the check goes on with that ancestor's own box.
      let needX = { from: box.left, to: box.right };
      let needY = { from: box.top, to: box.bottom };
      let problem = '';
      for (let up = el.parentElement; up && !problem; up = up.parentElement) {
        const area = up.getBoundingClientRect();
        for (const axis of ['x', 'y'] as const) {
          if (!clips(up, axis)) continue;
          const need = axis === 'x' ? needX : needY;
          const [from, to] = axis === 'x' ? [area.left, area.right] : [area.top, area.bottom];
          if (scrolls(up, axis)) {
            // Reachable by scrolling this area; from here on the area itself must be reachable.
            if (axis === 'x') needX = { from, to: Math.min(to, from + (need.to - need.from)) };
            else needY = { from, to: Math.min(to, from + (need.to - need.from)) };
          } else if (need.from < from - 1 || need.to > to + 1) {
            problem = `clipped by ${nameOf(up).slice(0, 60)} (${axis})`;
          }
        }
      }
      if (!problem && (needX.from < -1 || needX.to > dom.innerWidth + 1)) problem = 'outside the window (x)';
      if (!problem && (needY.from < -1 || needY.to > dom.innerHeight + 1)) problem = 'outside the window (y)';
      if (problem) unreachable.push(`${nameOf(el)}: ${problem}`);
    }
    const scrollAreas: string[] = [];
    for (const el of Array.from(dom.document.querySelectorAll('body *'))) {
      if (el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0 && scrolls(el, 'y')) {
        scrollAreas.push(nameOf(el).slice(0, 80));
      }
    }
    return { unreachable, scrollAreas, controls };
  });
}
