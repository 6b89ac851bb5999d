import { app, type BrowserWindow, dialog, shell } from 'electron';
import type { Platform } from '../app/platform.js';
import { recordDataFolder } from './app-paths.js';

/** Dialogs and the system browser, parented to the main window. */
export function electronPlatform(options: {
  window: () => BrowserWindow | undefined;
  base: string;
  logFile: string | null;
}): Platform {
  return {
    transport: 'electron',
    appVersion: app.getVersion(),
    locale: app.getLocale(),
    logFile: options.logFile,
    chooseSaveFile: async (defaultName) => {
      const win = options.window();
      const dialogOptions = {
        defaultPath: `${app.getPath('documents')}/${defaultName}`,
        filters: [{ name: 'JSON', extensions: ['json'] }],
      };
      const result = win ? await dialog.showSaveDialog(win, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    chooseFolder: async () => {
      const win = options.window();
      const dialogOptions = {
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const result = win ? await dialog.showOpenDialog(win, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    openExternal: (url) => shell.openExternal(url),
    setDataFolder: (folder) => recordDataFolder(options.base, folder),
  };
}
