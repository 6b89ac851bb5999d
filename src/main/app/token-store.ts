/**
 * Where the server session token lives between runs. The Electron shell encrypts it with
 * `safeStorage`; without a shell it is kept in memory only. Never in plain text on disk.
 */
export interface TokenStore {
  load(account: string): string | null;
  save(account: string, token: string): void;
  clear(account: string): void;
}

/** Tokens for this process only (tests, the dev/e2e server): a restart signs out. */
export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, string>();
  return {
    load: (account) => tokens.get(account) ?? null,
    save: (account, token) => void tokens.set(account, token),
    clear: (account) => void tokens.delete(account),
  };
}
