/**
 * Where the server session token lives between runs. The Electron shell encrypts it with
 * `safeStorage`; without a shell it is kept in memory only. Never in plain text on disk.
 */
export interface TokenStore {
  load(account: string): string | null;
  /** Keeps the token; rejects when it could not be written (the sign-in still holds for this run). */
  save(account: string, token: string): Promise<void>;
  clear(account: string): Promise<void>;
  /**
   * Why a sign-in is forgotten when Fieldsync closes, in words for the officer; `null` when tokens are
   * kept (encrypted) across restarts. The sign-in and settings screens say it, so a sign-in asked for
   * at every start is explained rather than a surprise.
   */
  readonly forgottenOnClose: string | null;
}

/** Tokens for this process only (tests, the dev/e2e server, a PC without OS encryption): a restart signs out. */
export function memoryTokenStore(why: string): TokenStore {
  const tokens = new Map<string, string>();
  return {
    load: (account) => tokens.get(account) ?? null,
    save: async (account, token) => void tokens.set(account, token),
    clear: async (account) => void tokens.delete(account),
    forgottenOnClose: why,
  };
}
