import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { createLogger } from '../app/logger.js';
import { memoryTokenStore, type TokenStore } from '../app/token-store.js';

const log = createLogger('tokens');

/**
 * Session tokens encrypted with the OS key store (DPAPI on Windows) through `safeStorage`, in the
 * data folder `folder()` names at each use (it moves with the data). Where
 * encryption is not available the token is kept in memory only (the officer signs in again after a
 * restart): it is never written to disk in plain text.
 */
export function safeStorageTokens(folder: () => string): TokenStore {
  if (!safeStorage.isEncryptionAvailable()) {
    log.warn('OS encryption is not available: the session token is kept in memory only');
    return memoryTokenStore();
  }
  const file = (account: string) => join(folder(), `${account.replace(/[^a-z0-9-]/gi, '_')}.bin`);
  return {
    load: (account) => {
      if (!existsSync(file(account))) return null;
      try {
        return safeStorage.decryptString(readFileSync(file(account)));
      } catch (e) {
        log.warn('A stored session token could not be decrypted; signing in is needed', e);
        return null;
      }
    },
    save: (account, token) => {
      mkdirSync(folder(), { recursive: true });
      writeFileSync(file(account), safeStorage.encryptString(token));
    },
    clear: (account) => rmSync(file(account), { force: true }),
  };
}
