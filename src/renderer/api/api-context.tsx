import { createContext, useContext } from 'react';
import type { FieldsyncApi } from '../../shared/ipc/api.js';

export const ApiContext = createContext<FieldsyncApi | null>(null);

/** The typed API to main (preload or WebSocket). */
export function useApi(): FieldsyncApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
