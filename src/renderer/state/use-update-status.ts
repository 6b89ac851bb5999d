import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../shared/ipc/schemas/updates.js';
import { useApi } from '../api/api-context.js';

/** The app's own update as main reports it (read once, then kept current by `update:status` events). */
export function useUpdateStatus(): UpdateStatus | undefined {
  const api = useApi();
  const [status, setStatus] = useState<UpdateStatus>();
  useEffect(() => {
    const unsubscribe = api.events.subscribe((event) => {
      if (event.kind === 'update:status') setStatus(event.status);
    });
    // Read after subscribing so no change between the two is missed.
    void api.updates.status().then((r) => r.ok && setStatus(r.value));
    return unsubscribe;
  }, [api]);
  return status;
}
