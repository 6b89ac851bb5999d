/**
 * The sign-in calls as a client makes them, answered as `{ status, body }` whatever the status (the
 * account tests read refusals as closely as successes).
 */
export interface AuthAnswer {
  readonly status: number;
  readonly body: {
    readonly token?: string;
    readonly error?: {
      readonly code: string;
      readonly message: string;
      readonly field?: string;
      readonly rule?: string;
    };
    readonly passwordChange?: { readonly changeToken: string; readonly expiresAt: string };
  };
}

async function post(url: string, body: unknown, token?: string): Promise<AuthAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as AuthAnswer['body'] };
}

/** `POST /api/auth/login`. */
export const signIn = (serverUrl: string, username: string, password: string) =>
  post(`${serverUrl}/api/auth/login`, { username, password });

/** `POST /api/auth/change-password` with the change token a one-time password's sign-in answered. */
export const changePassword = (serverUrl: string, changeToken: string, newPassword: string) =>
  post(`${serverUrl}/api/auth/change-password`, { changeToken, newPassword });

/**
 * First sign-in of an account an administrator set up: signs in with the one-time password (which
 * must answer PASSWORD_CHANGE_REQUIRED) and chooses `chosen`; the answer of the change (the session).
 */
export async function firstSignIn(serverUrl: string, username: string, oneTime: string, chosen: string) {
  const first = await signIn(serverUrl, username, oneTime);
  const changeToken = first.body.passwordChange?.changeToken;
  if (first.status !== 403 || !changeToken)
    throw new Error(`${username}: expected a password change, got HTTP ${first.status} ${JSON.stringify(first.body)}`);
  return changePassword(serverUrl, changeToken, chosen);
}

/** `POST /api/sync` pulling one record with `token`: the status says whether the session may sync. */
export async function pullStatus(serverUrl: string, token: string): Promise<number> {
  const res = await fetch(`${serverUrl}/api/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ cursors: {}, limit: 1 }),
  });
  await res.arrayBuffer();
  return res.status;
}
