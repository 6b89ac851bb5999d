import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../shared/errors.js';

const PAGE = 100;

export interface PagedRows<T> {
  /** `undefined` until the first page arrived. */
  readonly total: number | undefined;
  readonly error: AppError | undefined;
  /** The row, or `undefined` while its page is loading. */
  row(index: number): T | undefined;
  /** Loads the pages covering these rows (called by the virtual list as it scrolls). */
  ensure(start: number, end: number): void;
  /** Drops every page and reads the visible ones again (after a change). */
  reload(): void;
}

/**
 * Rows of a long list (6,000 visits, thousands of outbox operations) fetched a page at a time as
 * they scroll into view, so the page never holds or ships a whole table.
 */
export function usePagedRows<T>(
  fetchPage: (offset: number, limit: number) => Promise<Result<{ items: T[]; total: number }>>,
  deps: readonly unknown[],
): PagedRows<T> {
  const pages = useRef(new Map<number, T[] | 'loading'>());
  const generation = useRef(0);
  const lastRange = useRef<[number, number]>([0, PAGE]);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<AppError>();
  const [, setVersion] = useState(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const load = useCallback((page: number) => {
    const mine = generation.current;
    pages.current.set(page, 'loading');
    void fetcher.current(page * PAGE, PAGE).then((result) => {
      if (mine !== generation.current) return;
      if (!result.ok) {
        pages.current.delete(page);
        setError(result.error);
        return;
      }
      pages.current.set(page, result.value.items);
      setError(undefined);
      setTotal(result.value.total);
      setVersion((v) => v + 1);
    });
  }, []);

  const ensure = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end];
      for (let page = Math.floor(start / PAGE); page <= Math.floor(Math.max(start, end) / PAGE); page++) {
        if (!pages.current.has(page)) load(page);
      }
    },
    [load],
  );

  const reload = useCallback(() => {
    generation.current++;
    pages.current.clear();
    ensure(...lastRange.current);
  }, [ensure]);

  // The caller's deps say when this is a different list (they are plain values: ids, filters).
  const listKey = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: listKey is the trigger, not a value the effect reads.
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    setTotal(undefined);
    setError(undefined);
    lastRange.current = [0, PAGE];
    ensure(0, PAGE - 1);
  }, [listKey, ensure]);

  const row = (index: number) => {
    const page = pages.current.get(Math.floor(index / PAGE));
    return page && page !== 'loading' ? page[index % PAGE] : undefined;
  };
  return { total, error, row, ensure, reload };
}
