import { useCallback, useEffect, useRef, useState } from 'react';
import { THUMBNAILS_PER_CALL } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';

/**
 * Previews of a scan's photos, asked of main only for the tiles on screen, a few dozen per call, and
 * kept once they came: `want(sha)` asks for one (batched with the others asked in the same moment).
 */
export function useScanThumbnails(scanId: string): {
  readonly thumbnails: ReadonlyMap<string, string | null>;
  want(sha256: string): void;
} {
  const api = useApi();
  const [thumbnails, setThumbnails] = useState<ReadonlyMap<string, string | null>>(new Map());
  const asked = useRef(new Set<string>());
  const pending = useRef<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const flush = useCallback(() => {
    timer.current = null;
    const batch = pending.current.splice(0, THUMBNAILS_PER_CALL);
    if (pending.current.length > 0) timer.current = setTimeout(flush, 0);
    if (batch.length === 0) return;
    void api.photos.thumbnails({ scanId, sha256s: batch }).then((result) => {
      if (!result.ok) return;
      setThumbnails((before) => {
        const next = new Map(before);
        for (const { sha256, thumbnail } of result.value.items) next.set(sha256, thumbnail);
        return next;
      });
    });
  }, [api, scanId]);
  const want = useCallback(
    (sha256: string) => {
      if (asked.current.has(sha256)) return;
      asked.current.add(sha256);
      pending.current.push(sha256);
      timer.current ??= setTimeout(flush, 30);
    },
    [flush],
  );
  return { thumbnails, want };
}
