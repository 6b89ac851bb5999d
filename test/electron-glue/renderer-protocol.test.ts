import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_URL,
  CONTENT_SECURITY_POLICY,
  isAppPage,
  registerAppScheme,
  serveRenderer,
} from '../../src/main/electron/renderer-protocol.js';
import { app, net, protocol, resetFakeElectron } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const SECRET = 'officer password list';
let outside: string;
let root: string;

beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'fieldsync-protocol-'));
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  root = join(outside, 'renderer');
  mkdirSync(join(root, 'assets', 'fonts'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Fieldsync</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'index-abc.js.map'), '{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'fonts', 'segoe.woff2'), 'wOF2');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'x');
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

beforeEach(() => {
  resetFakeElectron();
  serveRenderer(root);
});

describe('the app:// scheme', () => {
  it('is registered before ready as a standard secure scheme, without bypassing the CSP', () => {
    resetFakeElectron();
    registerAppScheme();
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    resetFakeElectron();
    void app.whenReady();
    expect(() => registerAppScheme()).toThrow(/before the app is ready/);
  });

  it('serves the built files with the CSP, nosniff and their own content type', async () => {
    const expected: [string, string, string][] = [
      [APP_URL, 'index.html', 'text/html; charset=utf-8'],
      ['app://fieldsync/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://fieldsync/assets/index-abc.css', 'assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://fieldsync/assets/index-abc.js.map', 'assets/index-abc.js.map', 'application/json; charset=utf-8'],
      ['app://fieldsync/assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
      ['app://fieldsync/assets/fonts/segoe.woff2', 'assets/fonts/segoe.woff2', 'font/woff2'],
      ['app://fieldsync/assets/blob.bin', 'assets/blob.bin', 'application/octet-stream'],
      ['app://fieldsync/index.html?v=2#top', 'index.html', 'text/html; charset=utf-8'],
    ];
    for (const [url, file, type] of expected) {
      const response = await protocol.request(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(root, file)))).toBe(true);
    }
  });

  it.each([
    ['encoded slashes', 'app://fieldsync/..%2fsecret.txt', 403],
    ['encoded dots and slash', 'app://fieldsync/%2e%2e%2fsecret.txt', 403],
    ['encoded, deeper', 'app://fieldsync/assets/..%2f..%2f..%2fsecret.txt', 403],
    ['upper-case escapes', 'app://fieldsync/%2E%2E%2Fsecret.txt', 403],
    ['plain dots (the URL parser keeps them inside)', 'app://fieldsync/../secret.txt', 404],
    ['escaped dots (the URL parser keeps them inside)', 'app://fieldsync/%2e%2e/secret.txt', 404],
    ['another host', 'app://evil/index.html', 404],
    ['a missing file', 'app://fieldsync/nope.js', 404],
    ['a folder (Chromium would list it)', 'app://fieldsync/assets/', 404],
    ['the root folder', 'app://fieldsync/', 404],
    ['a null byte', 'app://fieldsync/index.html%00.js', 404],
    ['a malformed escape', 'app://fieldsync/%E0%A4%A', 400],
  ])('refuses %s', async (_case, url, status) => {
    const response = await protocol.request(url);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toContain(SECRET);
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it('never reads an absolute path, however it is written', async () => {
    const secret = join(outside, 'secret.txt');
    for (const url of [
      `app://fieldsync/${encodeURIComponent(secret)}`,
      `app://fieldsync/${secret}`,
      `app://fieldsync//${secret}`,
      `app://fieldsync/${secret.replaceAll('/', '%5c')}`,
      'app://fieldsync/C:%5CWindows%5Cwin.ini',
    ]) {
      const response = await protocol.request(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text()).not.toContain(SECRET);
    }
    expect(net.fetch).not.toHaveBeenCalled();
  });
});

describe('isAppPage', () => {
  it('accepts the app’s own page and, in development, the dev server’s origin only', () => {
    expect(isAppPage(APP_URL, undefined)).toBe(true);
    expect(isAppPage('app://fieldsync/assets/x.html', undefined)).toBe(true);
    for (const url of ['app://fieldsync.evil/', 'app://other/', 'https://fieldsync/', 'file:///index.html', '', 'x']) {
      expect(isAppPage(url, undefined), url).toBe(false);
    }
    expect(isAppPage('http://127.0.0.1:5173/', undefined)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5173/#/queue', 'http://127.0.0.1:5173/')).toBe(true);
    expect(isAppPage('http://127.0.0.1:5174/', 'http://127.0.0.1:5173/')).toBe(false);
    expect(isAppPage('https://127.0.0.1:5173/', 'http://127.0.0.1:5173/')).toBe(false);
  });
});
