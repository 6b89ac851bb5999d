import { BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../shared/ipc/contract.js';
import type { AppCore } from '../app/app-core.js';
import { createDispatcher } from '../ipc/create-dispatcher.js';
import type { Sender } from '../ipc/handlers.js';

/** Who sent an invoke: the frame's URL and whether it is the window's top frame (not an iframe). */
export function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return { transport: 'electron', frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null };
}

/**
 * Binds every contract channel to the core with `ipcMain.handle` (the only place raw IPC is used)
 * and forwards the core's events to every window. Calls from a null frame, an iframe or a page that
 * is not ours are refused before their arguments are parsed.
 */
export function bindIpc(core: AppCore, isAppPage: (url: string) => boolean): () => void {
  const dispatch = createDispatcher(core.handlers, {
    isTrustedSender: (sender) => sender.isMainFrame && sender.frameUrl !== null && isAppPage(sender.frameUrl),
    validateResults: process.env.NODE_ENV === 'development',
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, args: unknown) => dispatch(channel, senderOf(event), args));
  }
  const unsubscribe = core.subscribe((event) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && isAppPage(win.webContents.getURL())) win.webContents.send(EVENT_CHANNEL, event);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
