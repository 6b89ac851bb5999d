import { useSyncExternalStore } from 'react';
import type { WorklistFilter, WorklistQuery } from '../../shared/ipc/schemas/worklist.js';

/** The last bulk review, kept (across opening a visit) so the officer can take it back. */
export interface LastBulkReview {
  /** Main's name for it: main holds the earlier reviews and restores them. */
  readonly bulkId: string;
  readonly decision: 'approved' | 'flagged';
  /** Visits it changed. */
  readonly changed: number;
}

/**
 * The worklist as the officer left it: the query (tab, filters, sort), the selection, the focused row and
 * the scroll position. Held outside the screen so opening a visit and coming back keeps all of it, and
 * so the visit page can follow the same list ("Approve and next").
 */
export interface WorklistView {
  readonly query: WorklistQuery;
  readonly selected: ReadonlySet<string>;
  /** Row index a Shift+click extends from. */
  readonly anchor: number | null;
  /** Row index holding the keyboard focus. */
  readonly focus: number;
  readonly scrollTop: number;
  readonly lastBulk: LastBulkReview | null;
}

export const DEFAULT_WORKLIST_QUERY: WorklistQuery = { tab: 'pending', filter: {}, sort: 'date', descending: true };

const initial: WorklistView = {
  query: DEFAULT_WORKLIST_QUERY,
  selected: new Set(),
  anchor: null,
  focus: 0,
  scrollTop: 0,
  lastBulk: null,
};

let view: WorklistView = initial;
const listeners = new Set<() => void>();

/** Changes the view; a new query starts a new list (selection, focus and scroll start over). */
export function updateWorklist(change: Partial<WorklistView> | ((v: WorklistView) => Partial<WorklistView>)): void {
  const patch = typeof change === 'function' ? change(view) : change;
  const next = { ...view, ...patch };
  if (patch.query && JSON.stringify(patch.query) !== JSON.stringify(view.query)) {
    Object.assign(next, { selected: new Set(), anchor: null, focus: 0, scrollTop: 0, ...withoutQuery(patch) });
  }
  view = next;
  for (const listener of listeners) listener();
}

function withoutQuery(patch: Partial<WorklistView>): Partial<WorklistView> {
  const { query: _query, ...rest } = patch;
  return rest;
}

/** Opens the worklist on a filter (the home page's counts): every other filter cleared. */
export function openWorklistOn(tab: WorklistQuery['tab'], filter: WorklistFilter = {}): void {
  updateWorklist({ query: { ...DEFAULT_WORKLIST_QUERY, tab, filter } });
}

/** Where the grid is scrolled to: remembered without re-rendering anyone (it changes on every wheel tick). */
export function rememberScroll(scrollTop: number): void {
  view = { ...view, scrollTop };
}

/** Back to the first visit of the session (tests, sign-out). */
export function resetWorklist(): void {
  view = initial;
  for (const listener of listeners) listener();
}

export function getWorklist(): WorklistView {
  return view;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useWorklist(): WorklistView {
  return useSyncExternalStore(subscribe, getWorklist, getWorklist);
}
