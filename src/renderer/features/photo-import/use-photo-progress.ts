import { useCallback, useState } from 'react';
import type { PhotoFileProgress, PhotoOverallProgress, PhotoScanProgress } from '../../../shared/photo-events.js';
import { useAppEvent } from '../../api/use-app-event.js';

export interface PhotoProgressState {
  readonly scan: PhotoScanProgress | null;
  readonly overall: PhotoOverallProgress | null;
  /** Latest state per file, by SHA-256. */
  readonly files: ReadonlyMap<string, PhotoFileProgress>;
}

const EMPTY: PhotoProgressState = { scan: null, overall: null, files: new Map() };

/**
 * Collects `photos:progress` events. Main already throttles them and never sends a count backwards;
 * the page keeps the larger value anyway, so a late event cannot move a bar back.
 */
export function usePhotoProgress(): PhotoProgressState & { reset(): void } {
  const [state, setState] = useState<PhotoProgressState>(EMPTY);
  useAppEvent('photos:progress', ({ progress }) => {
    setState((s) => {
      switch (progress.kind) {
        case 'photo-scan':
          return { ...s, scan: progress };
        case 'photo-overall':
          return {
            ...s,
            overall: { ...progress, bytesAcked: Math.max(progress.bytesAcked, s.overall?.bytesAcked ?? 0) },
          };
        case 'photo-file': {
          const files = new Map(s.files);
          const before = files.get(progress.sha256);
          files.set(progress.sha256, {
            ...progress,
            bytesAcked: Math.max(progress.bytesAcked, before?.bytesAcked ?? 0),
          });
          return { ...s, files };
        }
      }
    });
  });
  const reset = useCallback(() => setState(EMPTY), []);
  return { ...state, reset };
}
