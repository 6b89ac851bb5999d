import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { electronBinary } from './electron-binary.js';

const binary = electronBinary();
if ('missing' in binary) {
  console.warn(`Electron shell tests SKIPPED: ${binary.missing}`);
}
test.skip(
  'missing' in binary,
  `Electron shell tests skipped: no Electron binary (${'missing' in binary ? binary.missing : ''}). Install without ELECTRON_SKIP_BINARY_DOWNLOAD to run them.`,
);

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'fieldsync-electron-'));
  app = await _electron.launch({
    ...('path' in binary ? { executablePath: binary.path } : {}),
    args: ['.'],
    env: { ...process.env, FIELDSYNC_USER_DATA: userData, NODE_ENV: 'test' },
  });
  page = await app.firstWindow();
  await expect(page.getByTestId('app')).toBeVisible();
});

test.afterAll(async () => {
  await app?.close();
  rmSync(userData, { recursive: true, force: true });
});

test('the window is isolated, sandboxed and without Node', async () => {
  const prefs = await app.evaluate(
    () =>
      (globalThis as { fieldsyncShellFacts?: { webPreferences?: Record<string, unknown> } }).fieldsyncShellFacts
        ?.webPreferences,
  );
  expect(prefs).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
  });
  expect(page.url()).toMatch(/^app:\/\/fieldsync\/index\.html/);
});

test('the page has no require, no process and no generic invoke; only the contract methods', async () => {
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  const api = await page.evaluate(() => {
    const fs = (globalThis as unknown as { fieldsync: Record<string, Record<string, unknown>> }).fieldsync;
    return { domains: Object.keys(fs), session: Object.keys(fs.session ?? {}) };
  });
  expect(api.domains).not.toContain('invoke');
  // The only other thing the preload exposes: the path of a dropped file (no IPC behind it).
  expect(
    await page.evaluate(() => Object.keys((globalThis as { fieldsyncFiles?: object }).fieldsyncFiles ?? {})),
  ).toEqual(['pathForFile']);
  expect(api.session).toEqual(expect.arrayContaining(['get', 'signIn', 'signOut', 'startDemo']));
  const session = await page.evaluate(() =>
    (globalThis as unknown as { fieldsync: { session: { get(): Promise<{ ok: boolean }> } } }).fieldsync.session.get(),
  );
  expect(session.ok).toBe(true);
});

test('eval and inline script are refused by the CSP, and navigation away is blocked', async () => {
  expect(
    await page.evaluate(() => {
      try {
        // biome-ignore lint/security/noGlobalEval: proving the CSP refuses it.
        eval('1');
        return 'ran';
      } catch {
        return 'refused';
      }
    }),
  ).toBe('refused');
  const before = page.url();
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.org/';
  });
  await expect.poll(() => page.url()).toBe(before);
});

test('an IPC call from a foreign page is refused, even with the preload', async () => {
  const preload = join(process.cwd(), 'out/preload/index.cjs');
  const result = await app.evaluate(async ({ BrowserWindow }, preloadPath) => {
    const foreign = new BrowserWindow({
      show: false,
      webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true },
    });
    await foreign.loadURL('data:text/html,<title>not fieldsync</title>');
    const answer = await foreign.webContents.executeJavaScript('window.fieldsync.session.get()');
    foreign.destroy();
    return answer as { ok: boolean; error?: { code: string } };
  }, preload);
  expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
