import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { removableDriveSchema } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';

export type Drive = z.infer<typeof removableDriveSchema>;

/** How often the screen looks for cards being inserted (drivelist has no change events). */
const DRIVE_POLL_MS = 3000;

/** The cards and USB sticks plugged in now, looked for every few seconds while the screen is open. */
export function useRemovableDrives(): readonly Drive[] {
  const api = useApi();
  const [drives, setDrives] = useState<Drive[]>([]);
  useEffect(() => {
    let live = true;
    const poll = () =>
      void api.photos.drives().then((r) => {
        if (live && r.ok) setDrives(r.value);
      });
    poll();
    const timer = setInterval(poll, DRIVE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  return drives;
}
