import { DEFAULT_LOGIN_LIMITS } from '../../src/server/auth/login-guard.js';
import type { ServerLimits } from '../../src/server/server-limits.js';

/** The bench's 50 clients sign in as one user from one address at once: its servers lift the login limits. */
export const BENCH_LIMITS: Partial<ServerLimits> = {
  login: { ...DEFAULT_LOGIN_LIMITS, perAddressPerMinute: 100_000, perUsernamePerMinute: 100_000 },
};
