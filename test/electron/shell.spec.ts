import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-executable.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const binary = electronBinary();
if ('missing' in binary) {
  // The Windows CI job sets this: there the suite must run, and a missing binary is a failure.
  if (process.env.FIELDSYNC_REQUIRE_ELECTRON === '1')
    throw new Error(`Electron shell tests cannot run: ${binary.missing}`);
  console.warn(`Electron shell tests SKIPPED: ${binary.missing}`);
}
test.skip(
  'missing' in binary,
  `Electron shell tests skipped: no Electron binary (${'missing' in binary ? binary.missing : ''}). Install without ELECTRON_SKIP_BINARY_DOWNLOAD to run them.`,
);

let app: ElectronApplication;
let page: Page;
let userData: string;

/** Starts the built app (`npm run build`, `npm run native:electron`) on its own data folder. */
async function launch(folder: string): Promise<{ app: ElectronApplication; page: Page }> {
  const started = await _electron.launch({
    ...('path' in binary ? { executablePath: binary.path } : {}),
    args: ['.'],
    // The smallest demo deployment keeps Demo mode's first sync to seconds.
    env: { ...process.env, FIELDSYNC_USER_DATA: folder, FIELDSYNC_DEMO_PROFILE: 'tiny', NODE_ENV: 'test' },
  });
  const window = await started.firstWindow();
  await expect(window.getByTestId('app')).toBeVisible();
  return { app: started, page: window };
}

test.beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'fieldsync-electron-'));
  ({ app, page } = await launch(userData));
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

test('safeStorage encrypts with the OS key store (DPAPI on Windows) and decrypts back', async () => {
  const facts = await app.evaluate(({ safeStorage }) => {
    const secret = 'fieldsync-token-0123456789';
    if (!safeStorage.isEncryptionAvailable()) return { available: false as const };
    const sealed = safeStorage.encryptString(secret);
    return {
      available: true as const,
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
      plainInside: sealed.includes(Buffer.from(secret)),
      back: safeStorage.decryptString(sealed),
    };
  });
  if (process.platform === 'win32') expect(facts.available).toBe(true);
  test.skip(!facts.available, 'This OS session offers no key store (Linux without a keyring)');
  expect(facts).toMatchObject({ plainInside: false, back: 'fieldsync-token-0123456789' });
});

test('Demo mode: the reference server starts in-process and a first sync fills the school tree', async () => {
  test.setTimeout(180_000);
  await page.getByTestId('demo-card').getByTestId('start-demo').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('school-tree').locator('[data-entity="country"]').first()).toContainText(
    /\d+ schools/,
    { timeout: 120_000 },
  );
  const status = await page.evaluate(() =>
    (
      globalThis as unknown as { fieldsync: { sync: { status(): Promise<{ ok: boolean; value?: unknown }> } } }
    ).fieldsync.sync.status(),
  );
  expect(status.ok).toBe(true);
});

test.describe('a session across restarts', () => {
  let server: TestServer;
  let folder: string;
  test.beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny' });
    folder = mkdtempSync(join(tmpdir(), 'fieldsync-electron-token-'));
  });
  test.afterAll(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the token is stored encrypted (DPAPI) and signs the officer in again after a restart', async () => {
    test.setTimeout(180_000);
    const first = await launch(folder);
    const encrypts = await first.app.evaluate(
      ({ safeStorage }) =>
        safeStorage.isEncryptionAvailable() &&
        (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    );
    if (!encrypts) await first.app.close();
    if (process.platform === 'win32') expect(encrypts).toBe(true);
    test.skip(!encrypts, 'This OS session offers no key store: the token is kept in memory only, by design');
    const signedIn = await first.page.evaluate(
      (serverUrl) =>
        (
          globalThis as unknown as {
            fieldsync: { session: { signIn(a: object): Promise<{ ok: boolean; value?: { signedIn: boolean } }> } };
          }
        ).fieldsync.session.signIn({ serverUrl, username: 'demo', password: 'demo' }),
      server.url,
    );
    expect(signedIn).toMatchObject({ ok: true, value: { signedIn: true } });
    const sessionDir = join(folder, 'data', 'session');
    const files = readdirSync(sessionDir).filter((f) => f.endsWith('.bin'));
    expect(files).toHaveLength(1);
    const sealed = readFileSync(join(sessionDir, files[0] ?? ''));
    // The server's tokens are 32 random bytes in base64url (43 characters): none may be readable on disk.
    expect(sealed.toString('latin1')).not.toMatch(/[A-Za-z0-9_-]{43}/);
    await first.app.close();

    const second = await launch(folder);
    await expect(second.page.getByTestId('app')).toHaveAttribute('data-signed-in', 'true', { timeout: 60_000 });
    await second.app.close();
  });
});
