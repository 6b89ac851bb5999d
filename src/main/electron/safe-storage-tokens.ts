import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { memoryTokenStore, type TokenStore } from '../app/token-store.js';
import { type FileOps, retryingFs } from '../fs/retry-fs.js';
import { createLogger } from '../log.js';

const log = createLogger('tokens');

/** The slice of Electron's `safeStorage` the token store uses (tests pass a fake). */
export type TokenCipher = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * Session tokens encrypted with the OS key store (DPAPI on Windows) through `safeStorage`, in the
 * data folder `folder()` names at each use (it moves with the data), through `fs` (retried through
 * Windows' short locks). Where
 * encryption is not available the token is kept in memory only (the officer signs in again after a
 * restart): it is never written to disk in plain text.
 */
export function safeStorageTokens(
  folder: () => string,
  cipher: TokenCipher,
  platform: NodeJS.Platform = process.platform,
  fs: FileOps = retryingFs,
): TokenStore {
  const unprotected = whyNotProtected(cipher, platform);
  if (unprotected) {
    log.warn(`${unprotected}: the session token is kept in memory only`);
    return memoryTokenStore(
      `${unprotected}, so your sign-in is not saved and is asked for each time Fieldsync starts.`,
    );
  }
  const file = (account: string) => join(folder(), `${account.replace(/[^a-z0-9-]/gi, '_')}.bin`);
  return {
    load: (account) => {
      if (!existsSync(file(account))) return null;
      try {
        return cipher.decryptString(readFileSync(file(account)));
      } catch (e) {
        log.warn('A stored session token could not be decrypted; signing in is needed', e);
        return null;
      }
    },
    save: async (account, token) => {
      await mkdir(folder(), { recursive: true });
      // Owner-only: the encrypted token is still a credential for whoever can decrypt it. Atomic and
      // retried: a token file an antivirus holds for a moment is written once it lets go, and a
      // power cut mid-write leaves the old token or the new, never a torn one.
      await fs.writeFileAtomic(file(account), cipher.encryptString(token), { mode: 0o600 });
    },
    clear: (account) => fs.rm(file(account), { force: true }),
    forgottenOnClose: null,
  };
}

/**
 * Why a token written through `cipher` would not be protected, or `null`. On Linux without a keyring
 * Chromium falls back to `basic_text`, encrypting with a key hard-coded in every browser: that is
 * plain text with extra steps, so it counts as unavailable.
 */
function whyNotProtected(cipher: TokenCipher, platform: NodeJS.Platform): string | null {
  if (!cipher.isEncryptionAvailable()) return 'This computer offers no way to encrypt saved passwords';
  if (platform === 'linux' && cipher.getSelectedStorageBackend() === 'basic_text') {
    // safeStorage would fall back to a key hard-coded in every browser.
    return 'No keyring (such as GNOME Keyring or KWallet) was found on this computer';
  }
  return null;
}
