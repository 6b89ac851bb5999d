import { useEffect, useRef } from 'react';
import type { AppEventKind, AppEventOf } from '../../shared/ipc/events.js';
import { useApi } from './api-context.js';

/** Runs `listener` for each event of one kind while the component is mounted. */
export function useAppEvent<K extends AppEventKind>(kind: K, listener: (event: AppEventOf<K>) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(
    () =>
      api.events.subscribe((event) => {
        if (event.kind === kind) latest.current(event as AppEventOf<K>);
      }),
    [api, kind],
  );
}

/** Re-reads when records of the given entity types change (local edits, pulls, resolutions). */
export function useReloadOnDataChange(entities: readonly string[], reload: () => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useAppEvent('data:changed', (event) => {
    if (!event.entities.some((e) => entities.includes(e))) return;
    // A pull emits many changes in a row; read once they settle.
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, 150);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
}
