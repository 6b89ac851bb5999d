import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { SessionState } from '../../shared/ipc/schemas/session.js';
import type { SyncStatus } from '../../shared/ipc/schemas/sync-status.js';
import { useApi } from '../api/api-context.js';

export interface AppStatus {
  readonly session: SessionState | undefined;
  readonly sync: SyncStatus | undefined;
}

const StatusContext = createContext<AppStatus>({ session: undefined, sync: undefined });

/** Keeps the session and sync status current from main's events (read once, then pushed). */
export function StatusProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const [session, setSession] = useState<SessionState>();
  const [sync, setSync] = useState<SyncStatus>();
  useEffect(() => {
    const unsubscribe = api.events.subscribe((event) => {
      switch (event.kind) {
        case 'session:changed':
          return setSession(event.session);
        case 'sync:status':
          return setSync(event.status);
        case 'sync:progress':
          return setSync((s) => s && { ...s, running: event.progress.phase !== 'idle', progress: event.progress });
        case 'queue:changed':
          return setSync((s) => s && { ...s, queue: event.counts });
        case 'conflicts:changed':
          return setSync((s) => s && { ...s, openConflicts: event.open });
        case 'connectivity':
          return setSync((s) => s && { ...s, connectivity: event.state });
        default:
          return undefined;
      }
    });
    // The OS network coming back is a reason to ask the server at once (not at the next probe); its
    // going away is proof enough of Offline. Main probes only while an account is open.
    const osOnline = () => void api.sync.checkConnection({ osOnline: true });
    const osOffline = () => void api.sync.checkConnection({ osOnline: false });
    window.addEventListener('online', osOnline);
    window.addEventListener('offline', osOffline);
    // Read after subscribing so no change between the two is missed.
    void api.session.get().then((r) => r.ok && setSession(r.value));
    void api.sync.status().then((r) => r.ok && setSync(r.value));
    return () => {
      unsubscribe();
      window.removeEventListener('online', osOnline);
      window.removeEventListener('offline', osOffline);
    };
  }, [api]);
  return <StatusContext.Provider value={{ session, sync }}>{children}</StatusContext.Provider>;
}

export const useAppStatus = () => useContext(StatusContext);
