import { BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../shared/ipc/contract.js';
import type { AppCore } from '../app/app-core.js';
import { createDispatcher } from '../ipc/create-dispatcher.js';
import type { Sender } from '../ipc/sender.js';

/**
 * Who sent an invoke: the frame's URL and whether it is the window's top frame (not an iframe). A frame
 * that is gone reads as no frame: Electron throws on a disposed frame's properties, and the call must
 * still be answered with a refusal, not an exception.
 */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): Sender {
  const noFrame: Sender = { transport: 'electron', frameUrl: null, isMainFrame: false };
  try {
    const frame = event.senderFrame;
    return frame ? { transport: 'electron', frameUrl: frame.url, isMainFrame: frame.parent === null } : noFrame;
  } catch {
    return noFrame;
  }
}

/**
 * Binds every contract channel to the core with `ipcMain.handle` (the only place raw IPC is used)
 * and forwards the core's events to the windows showing the app's page (no other page hears them). Calls from a null frame, an iframe or a page that
 * is not ours are refused before their arguments are parsed.
 */
export function bindIpc(
  core: Pick<AppCore, 'handlers' | 'subscribe'>,
  isAppPage: (url: string) => boolean,
): () => void {
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
