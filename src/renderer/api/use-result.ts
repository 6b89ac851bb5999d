import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../shared/errors.js';

export interface ResultState<T> {
  readonly data: T | undefined;
  readonly error: AppError | undefined;
  readonly loading: boolean;
  /** Calls again (keeps the previous data on screen meanwhile). */
  reload(): void;
}

/**
 * Calls a channel and keeps its latest answer. Answers to superseded calls are dropped, so a fast
 * typist never sees the results of an older search.
 */
export function useResult<T>(call: (() => Promise<Result<T>>) | null, deps: readonly unknown[]): ResultState<T> {
  const [state, setState] = useState<{ data?: T; error?: AppError; loading: boolean }>({ loading: call !== null });
  const generation = useRef(0);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to call again.
  useEffect(() => {
    if (!call) return;
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    call().then(
      (result) => {
        if (mine !== generation.current) return;
        setState(
          result.ok ? { data: result.value, loading: false } : { data: undefined, error: result.error, loading: false },
        );
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setState({
          loading: false,
          error: { code: 'INTERNAL', message: 'Fieldsync did not answer', detail: String(e) },
        });
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
