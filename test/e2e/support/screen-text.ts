import type { Page } from '@playwright/test';
import type Database from 'better-sqlite3';

/**
 * What the pseudo-locale run reads off a screen (issue 13): text outside the pseudo-locale's ⟦ ⟧ that
 * is not data, and catalog text the layout cuts off. In `en-XA` every catalog message is accented and
 * bracketed (src/shared/i18n/pseudo-locale.ts), so plain ASCII letters outside the brackets bypassed
 * the catalogs, unless they are data (names entered in the field), which the caller subtracts.
 */
export interface ScreenText {
  /** Visible text outside every ⟦ ⟧, one entry per text node (or placeholder) that has any, with where it is. */
  readonly outside: readonly { readonly text: string; readonly where: string }[];
  /** Catalog text cut off by an ancestor that clips it (ellipsis, overflow hidden) or by the window. */
  readonly cut: readonly { readonly text: string; readonly where: string }[];
  /** ISO dates (2026-03-02) shown to the officer: dates go through `Intl` in the officer's language. */
  readonly isoDates: readonly { readonly text: string; readonly where: string }[];
  /** Text nodes looked at (a screen that shows nothing would pass every check). */
  readonly nodes: number;
}

/** The little of the DOM the check uses (the Node-side tsconfig has no DOM types, and must not get them). */
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
  readonly parentElement: El | null;
  readonly placeholder?: string;
  readonly value?: string;
  readonly clientWidth: number;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getClientRects(): { readonly length: number };
  getBoundingClientRect(): Box;
}
interface TextNode {
  readonly textContent: string | null;
  readonly parentElement: El | null;
}
interface Dom {
  readonly document: {
    readonly body: El;
    readonly documentElement: El & { readonly clientWidth: number };
    createTreeWalker(root: El, show: number): { nextNode(): TextNode | null };
    createRange(): { selectNodeContents(node: TextNode): void; getBoundingClientRect(): Box };
    querySelectorAll(selector: string): ArrayLike<El>;
    createElement(tag: 'canvas'): {
      getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } | null;
    };
  };
  readonly innerWidth: number;
  getComputedStyle(el: El): {
    visibility: string;
    display: string;
    overflowX: string;
    overflowY: string;
    font: string;
    paddingLeft: string;
    paddingRight: string;
  };
}

/** Reads the screen; runs in the page, so it uses only the DOM. */
export async function readScreenText(page: Page): Promise<ScreenText> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as Dom;
    const window = globalThis as unknown as Dom;
    const SHOW_TEXT = 4;
    const OPEN = '⟦';
    const CLOSE = '⟧';
    const whereIs = (el: El | null): string => {
      const parts: string[] = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        parts.unshift(id ? `${e.tagName.toLowerCase()}[${id}]` : e.tagName.toLowerCase());
      }
      return parts.join(' > ');
    };
    const hidden = (el: El): boolean => {
      for (let e: El | null = el; e; e = e.parentElement) {
        if (e.getAttribute('translate') === 'no' || e.hasAttribute('data-tabster-dummy')) return true;
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName)) return true;
      }
      const style = getComputedStyle(el);
      return style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0;
    };
    const walker = document.createTreeWalker(document.body, SHOW_TEXT);
    const outside: { text: string; where: string }[] = [];
    const cut: { text: string; where: string }[] = [];
    const isoDates: { text: string; where: string }[] = [];
    let depth = 0;
    let nodes = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || text.trim() === '' || hidden(parent)) continue;
      nodes++;
      if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) isoDates.push({ text: text.trim().slice(0, 80), where: whereIs(parent) });
      let out = '';
      let catalog = false;
      for (const c of text) {
        if (c === OPEN) depth++;
        else if (c === CLOSE) depth = Math.max(0, depth - 1);
        else if (depth === 0) out += c;
        if (depth > 0 || c === CLOSE) catalog = true;
      }
      if (/[A-Za-z]/.test(out)) outside.push({ text: out.trim(), where: whereIs(parent) });
      if (!catalog) continue;

      // Cut off: the text's box sticks out of an ancestor that clips (up to the first one that scrolls,
      // whose content the officer can scroll to), or out of the window. Wholly outside is hidden, not cut.
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let clippedBy: El | null = null;
      for (let e: El | null = parent; e && e !== document.documentElement; e = e.parentElement) {
        const style = getComputedStyle(e);
        const scrolls = /(auto|scroll)/.test(`${style.overflowX} ${style.overflowY}`);
        const clips = /(hidden|clip)/.test(`${style.overflowX} ${style.overflowY}`);
        if (clips && !scrolls) {
          const r = e.getBoundingClientRect();
          const overlaps = box.right > r.left && box.left < r.right && box.bottom > r.top && box.top < r.bottom;
          const inside =
            box.left >= r.left - 1 && box.right <= r.right + 1 && box.top >= r.top - 1 && box.bottom <= r.bottom + 1;
          if (overlaps && !inside) {
            clippedBy = e;
            break;
          }
          if (!overlaps) break;
        }
        if (scrolls) break;
      }
      const offWindow = box.right > document.documentElement.clientWidth + 1 && box.left < window.innerWidth;
      // Spilling: the text is bigger than its own element (a badge of fixed height the text wrapped in,
      // a cell it runs out of), so it overlaps its neighbours or is painted half outside.
      const own = parent.getBoundingClientRect();
      const spills =
        own.width > 0 &&
        (box.left < own.left - 2 || box.right > own.right + 2 || box.top < own.top - 2 || box.bottom > own.bottom + 2);
      if (clippedBy || offWindow || spills) {
        const how = offWindow ? ' (window)' : spills && !clippedBy ? ' (spills out of its box)' : '';
        cut.push({ text: text.trim().slice(0, 80), where: `${whereIs(parent)}${how}` });
      }
    }
    for (const input of Array.from(document.querySelectorAll('input, textarea'))) {
      const placeholder = input.placeholder ?? '';
      if (!placeholder || hidden(input)) continue;
      const out = placeholder.replace(/⟦[^⟧]*⟧/g, '');
      if (/[A-Za-z]/.test(out)) outside.push({ text: `placeholder: ${out}`, where: whereIs(input) });
      // A placeholder wider than its box is cut: measure it in the box's font.
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d');
      if (context && !input.value) {
        context.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (context.measureText(placeholder).width > room + 1) {
          cut.push({ text: `placeholder: ${placeholder.slice(0, 80)}`, where: whereIs(input) });
        }
      }
    }
    return { outside, cut, isoDates, nodes };
  });
}

/** Words the same in every language (the product's name, acronyms), as the literal-strings check has them. */
const SAME_EVERYWHERE = ['Fieldsync', 'JSON', 'EMIS', 'GPS', 'CSV', 'XLSX', 'https', 'http'];

/**
 * Every text value in the local database with a letter in it (names of schools, districts, monitors,
 * teachers, comments): data shown as entered, not catalog text. Longest first, so a name is taken out
 * before a shorter one inside it.
 */
export function dataStrings(sqlite: Database.Database, extra: readonly string[] = []): string[] {
  const found = new Set<string>(extra);
  const tables = sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
    .all() as { name: string }[];
  for (const { name } of tables) {
    const columns = sqlite.prepare(`select name, type from pragma_table_info(?)`).all(name) as {
      name: string;
      type: string;
    }[];
    for (const column of columns) {
      if (!/text/i.test(column.type)) continue;
      const rows = sqlite.prepare(`select distinct "${column.name}" as v from "${name}" limit 5000`).all() as {
        v: unknown;
      }[];
      // Names carry a capital or a space; an enumeration value (`approved`) or a key never does, and
      // must not be excused as data when it leaks onto a screen.
      for (const { v } of rows) if (typeof v === 'string' && /[A-Z\s]/.test(v) && v.length < 200) found.add(v);
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** The text outside the catalogs that is not data either: what bypassed the catalogs. */
export function untranslated(screen: ScreenText, data: readonly string[]): string[] {
  const left: string[] = [];
  for (const { text, where } of screen.outside) {
    let rest = text;
    for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
    for (const w of SAME_EVERYWHERE) rest = rest.split(w).join(' ');
    if (/[A-Za-z]/.test(rest)) left.push(`${JSON.stringify(text)} at ${where}`);
  }
  return left;
}
