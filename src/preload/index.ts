/**
 * Exposes the IPC contract to the page as `window.fieldsync`: one method per channel, built from the
 * contract so nothing drifts. The page never gets `ipcRenderer` or a generic `invoke(channel)`.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { buildApi } from '../shared/ipc/api.js';
import { EVENT_CHANNEL } from '../shared/ipc/contract.js';
import { DROPPED_FILES_GLOBAL, type DroppedFilesApi } from '../shared/ipc/dropped-files.js';
import type { AppEvent } from '../shared/ipc/events.js';

const api = buildApi(
  (channel, args) => ipcRenderer.invoke(channel, args),
  (listener) => {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
);

contextBridge.exposeInMainWorld('fieldsync', api);

const droppedFiles: DroppedFilesApi = { pathForFile: (file) => webUtils.getPathForFile(file) };
contextBridge.exposeInMainWorld(DROPPED_FILES_GLOBAL, droppedFiles);
