import { useCallback, useEffect, useRef, useState } from 'react';
import { THUMBNAILS_PER_CALL } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';

/** Whose previews: an open scan's photos (staged) or the photo inbox's (in the library). */
export type ThumbnailSource = { readonly scanId: string } | 'inbox';

/**
 * Previews of a scan's or the inbox's photos, asked of main only for the tiles on screen, a few dozen
 * per call, and kept once they came: `want(sha)` asks for one (batched with the others asked in the
 * same moment). A photo's preview never changes (photos are named by their content's hash).
 */
export function useScanThumbnails(source: ThumbnailSource): {
  readonly thumbnails: ReadonlyMap<string, string | null>;
  want(sha256: string): void;
} {
  const api = useApi();
  const scanId = source === 'inbox' ? undefined : source.scanId;
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
    const asking =
      scanId === undefined
        ? api.photos.inboxThumbnails({ sha256s: batch })
        : api.photos.thumbnails({ scanId, sha256s: batch });
    void asking.then((result) => {
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
