import { extname, join } from 'node:path';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import { AppErrorException } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
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
    chooseSaveFile: async (defaultName, fileType) => {
      const win = options.window();
      const extension = extname(defaultName).slice(1);
      const dialogOptions = {
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: extension ? [{ name: fileType ?? extension.toUpperCase(), extensions: [extension] }] : [],
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
    printPageToPdf: async (footerTemplate) => {
      const win = options.window();
      // Said as the reason the PDF was not saved (`whyFileFailed` reads the officer's words from it).
      if (!win) throw new AppErrorException(officerError('INTERNAL', text('errors:file.reason.noWindow')));
      return win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate,
        // Inches: 16 mm top, 18 mm bottom, 14 mm sides, as `npm run report` prints.
        margins: { top: 0.63, bottom: 0.71, left: 0.55, right: 0.55 },
      });
    },
    openExternal: (url) => shell.openExternal(url),
    setDataFolder: (folder) => recordDataFolder(options.base, folder),
  };
}
