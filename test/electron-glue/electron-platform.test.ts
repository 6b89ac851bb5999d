import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataFolder } from '../../src/main/electron/app-paths.js';
import { electronPlatform } from '../../src/main/electron/electron-platform.js';
import { app, BrowserWindow, dialog, resetFakeElectron, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

let base: string;
beforeEach(() => {
  resetFakeElectron();
  app.setPath('documents', '/home/officer/Documents');
  base = mkdtempSync(join(tmpdir(), 'fieldsync-platform-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function platform(win?: BrowserWindow) {
  return electronPlatform({
    window: () => win as unknown as Electron.BrowserWindow | undefined,
    base,
    logFile: '/l.log',
  });
}

describe('the Electron platform', () => {
  it('reports the app version and log file', () => {
    expect(platform()).toMatchObject({ transport: 'electron', appVersion: '9.8.7-fake', logFile: '/l.log' });
  });

  it('asks where to save, parented to the window, in Documents, and answers null when cancelled', async () => {
    const win = new BrowserWindow();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/officer/Documents/d.json' });
    expect(await platform(win).chooseSaveFile('d.json')).toBe('/home/officer/Documents/d.json');
    expect(dialog.showSaveDialog).toHaveBeenLastCalledWith(win, {
      defaultPath: '/home/officer/Documents/d.json',
      filters: [{ name: 'JSON', extensions: ['json'] }],
    });
    expect(await platform(win).chooseSaveFile('d.json')).toBeNull();
    // Without a window (closing), the dialog still opens, unparented.
    await platform().chooseSaveFile('d.json');
    expect(dialog.showSaveDialog.mock.lastCall?.[0]).toMatchObject({ defaultPath: expect.any(String) });
  });

  it('offers the file type of the default name in the save dialog (an export, a report)', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/x/visits.xlsx' });
    await platform().chooseSaveFile('visits.xlsx', 'Excel workbook');
    expect(dialog.showSaveDialog.mock.lastCall?.[0]).toEqual({
      defaultPath: '/home/officer/Documents/visits.xlsx',
      filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
    });
  });

  it('prints the window to an A4 PDF with the footer it is given', async () => {
    const win = new BrowserWindow();
    const pdf = await platform(win).printPageToPdf?.('<div>Office · page</div>');
    expect(Buffer.from(pdf ?? []).toString()).toMatch(/^%PDF/);
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({
        pageSize: 'A4',
        displayHeaderFooter: true,
        footerTemplate: '<div>Office · page</div>',
      }),
    );
    // The reason the PDF was not saved, in the officer's words (a catalog message the page says).
    await expect(platform().printPageToPdf?.('x')).rejects.toMatchObject({
      error: { code: 'INTERNAL', text: { key: 'errors:file.reason.noWindow' } },
    });
  });

  it('asks for a folder and answers its path, or null when cancelled', async () => {
    const win = new BrowserWindow();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['E:\\DCIM'] });
    expect(await platform(win).chooseFolder()).toBe('E:\\DCIM');
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(win, { properties: ['openDirectory', 'createDirectory'] });
    expect(await platform(win).chooseFolder()).toBeNull();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] });
    expect(await platform(win).chooseFolder()).toBeNull();
  });

  it('opens links through shell.openExternal (the core has checked them against the allowlist)', async () => {
    await platform().openExternal('https://fieldsync.example.org/help');
    expect(shell.openExternal).toHaveBeenCalledWith('https://fieldsync.example.org/help');
  });

  it('records the moved data folder where the next start reads it', async () => {
    await platform().setDataFolder(join(base, 'moved'));
    expect(dataFolder(base)).toBe(join(base, 'moved'));
  });
});
