import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { safeStorageTokens, type TokenCipher } from '../../src/main/electron/safe-storage-tokens.js';
import { retryingFileOps } from '../../src/main/fs/retry-fs.js';
import { instantRetry, lockedFileOps } from '../support/windows-locks.js';
import { FakeSafeStorage } from './fake-electron.js';
import { captureLog, type LogLine } from './log-lines.js';

const TOKEN = 'fs_session_4e1f2a9c7b3d5e6f8a0b1c2d3e4f5a6b';
const ACCOUNT = '0123456789abcdef';

let dir: string;
let log: LogLine[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-tokens-'));
  log = captureLog();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte under `root`, to prove a secret appears nowhere on disk in any usual encoding. */
function bytesOnDisk(root: string): Buffer {
  return Buffer.concat(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name))),
  );
}

/** The token as text, UTF-16, base64 and hex: none of them may be on disk. */
const TOKEN_FORMS = [
  Buffer.from(TOKEN),
  Buffer.from(TOKEN, 'utf16le'),
  Buffer.from(Buffer.from(TOKEN).toString('base64')),
  Buffer.from(Buffer.from(TOKEN).toString('hex')),
];

function expectNoToken(root: string): void {
  const disk = bytesOnDisk(root);
  expect(disk.length).toBeGreaterThan(0);
  for (const form of TOKEN_FORMS) expect(disk.includes(form)).toBe(false);
}

describe('session tokens through safeStorage', () => {
  it('writes only the encrypted bytes, owner-readable, and reads the token back', async () => {
    const cipher = new FakeSafeStorage();
    const tokens = safeStorageTokens(() => join(dir, 'session'), cipher, 'win32');
    await tokens.save(ACCOUNT, TOKEN);
    const file = join(dir, 'session', `${ACCOUNT}.bin`);
    expect(readFileSync(file).equals(Buffer.from(TOKEN))).toBe(false);
    expectNoToken(dir);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(tokens.load(ACCOUNT)).toBe(TOKEN);
    // A second store over the same folder (the next start) reads what the first wrote.
    expect(safeStorageTokens(() => join(dir, 'session'), cipher, 'win32').load(ACCOUNT)).toBe(TOKEN);
  });

  it('follows the data folder when it moves, and forgets a token on clear', async () => {
    let folder = join(dir, 'a');
    const tokens = safeStorageTokens(() => folder, new FakeSafeStorage(), 'win32');
    await tokens.save(ACCOUNT, TOKEN);
    folder = join(dir, 'b');
    expect(tokens.load(ACCOUNT)).toBeNull();
    await tokens.save(ACCOUNT, TOKEN);
    expect(readdirSync(folder)).toEqual([`${ACCOUNT}.bin`]);
    await tokens.clear(ACCOUNT);
    expect(readdirSync(folder)).toEqual([]);
    expect(tokens.load(ACCOUNT)).toBeNull();
  });

  it('keeps an odd account name inside the folder', async () => {
    const tokens = safeStorageTokens(() => join(dir, 'session'), new FakeSafeStorage(), 'win32');
    await tokens.save('../../outside', TOKEN);
    expect(readdirSync(dir)).toEqual(['session']);
    expect(readdirSync(join(dir, 'session'))).toEqual(['______outside.bin']);
  });

  it('asks for a new sign-in when the stored bytes do not decrypt (another user, a torn write)', async () => {
    const tokens = safeStorageTokens(() => dir, new FakeSafeStorage(), 'win32');
    await tokens.save(ACCOUNT, TOKEN);
    const file = join(dir, `${ACCOUNT}.bin`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    expect(tokens.load(ACCOUNT)).toBeNull();
    expect(log).toContainEqual(expect.objectContaining({ level: 'warn', scope: 'tokens' }));
  });
});

describe('without protection from the OS', () => {
  function unprotectedCipher(backend: ReturnType<TokenCipher['getSelectedStorageBackend']>, available: boolean) {
    const cipher = new FakeSafeStorage();
    cipher.available = available;
    cipher.backend = backend;
    return { cipher, encrypt: vi.spyOn(cipher, 'encryptString') };
  }

  it.each([
    ['encryption is unavailable', 'win32' as const, 'unknown' as const, false, /no way to encrypt/],
    ['Linux has no keyring (hard-coded basic_text key)', 'linux' as const, 'basic_text' as const, true, /No keyring/],
  ])('keeps the token in memory only when %s, writing nothing', async (_case, platform, backend, available, why) => {
    const { cipher, encrypt } = unprotectedCipher(backend, available);
    const tokens = safeStorageTokens(() => dir, cipher, platform);
    // The officer is told why a sign-in is asked for at every start.
    expect(tokens.forgottenOnClose).toMatch(why);
    expect(tokens.forgottenOnClose).toMatch(/asked for each time Fieldsync starts/);
    await tokens.save(ACCOUNT, TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(encrypt).not.toHaveBeenCalled();
    expect(tokens.load(ACCOUNT)).toBe(TOKEN);
    expect(safeStorageTokens(() => dir, cipher, platform).load(ACCOUNT)).toBeNull();
    expect(log).toContainEqual({
      level: 'warn',
      scope: 'tokens',
      message: expect.stringMatching(/kept in memory only/),
    });
  });

  it('uses a Linux keyring, and asks no Linux-only question elsewhere', async () => {
    const linux = safeStorageTokens(() => join(dir, 'linux'), new FakeSafeStorage(), 'linux');
    expect(linux.forgottenOnClose).toBeNull();
    await linux.save(ACCOUNT, TOKEN);
    expect(readdirSync(join(dir, 'linux'))).toEqual([`${ACCOUNT}.bin`]);
    const windows = new FakeSafeStorage();
    const backend = vi.spyOn(windows, 'getSelectedStorageBackend');
    await safeStorageTokens(() => join(dir, 'win'), windows, 'win32').save(ACCOUNT, TOKEN);
    expect(backend).not.toHaveBeenCalled();
    expectNoToken(dir);
  });
});

describe('on a PC whose antivirus holds the token file for a moment (Windows EBUSY/EPERM)', () => {
  const file = () => join(dir, 'session', `${ACCOUNT}.bin`);

  it('writes the token once the lock ends, and deletes it on sign-out the same way', async () => {
    const { ops, calls } = lockedFileOps([
      { op: 'writeFileAtomic', match: (p) => p.endsWith('.bin'), code: 'EBUSY', times: 3 },
      { op: 'rm', match: (p) => p.endsWith('.bin'), code: 'EPERM', times: 2 },
    ]);
    const tokens = safeStorageTokens(
      () => join(dir, 'session'),
      new FakeSafeStorage(),
      'win32',
      retryingFileOps(ops, instantRetry),
    );
    await tokens.save(ACCOUNT, TOKEN);
    expect(tokens.load(ACCOUNT)).toBe(TOKEN);
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o077).toBe(0);
    await tokens.clear(ACCOUNT);
    expect(existsSync(file())).toBe(false);
    expect(calls.filter((c) => c.failed).map((c) => c.op)).toEqual([
      'writeFileAtomic',
      'writeFileAtomic',
      'writeFileAtomic',
      'rm',
      'rm',
    ]);
  });

  it('a lock that never ends fails the save naming the file, and keeps the token that was there', async () => {
    const cipher = new FakeSafeStorage();
    const tokens = safeStorageTokens(() => join(dir, 'session'), cipher, 'win32');
    await tokens.save(ACCOUNT, 'the-earlier-token');
    const { ops } = lockedFileOps([{ op: 'writeFileAtomic', match: () => true, code: 'EBUSY', times: 100 }]);
    const locked = safeStorageTokens(() => join(dir, 'session'), cipher, 'win32', retryingFileOps(ops, instantRetry));
    await expect(locked.save(ACCOUNT, TOKEN)).rejects.toThrow(
      /Could not save .*\.bin: the file is in use by another program/,
    );
    expect(locked.load(ACCOUNT)).toBe('the-earlier-token');
  });
});
