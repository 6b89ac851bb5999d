import { MAX_PUSH_BATCH } from '../shared/protocol/sync.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/login-guard.js';

/** Limits the server enforces; all documented in the OpenAPI description. */
export interface ServerLimits {
  /** Largest request body accepted (413 above it). */
  readonly maxBodyBytes: number;
  /** Most push operations in one `POST /api/sync` (413 above it). */
  readonly maxPushBatch: number;
  /** Most records in one sync response; the rest follow with `hasMore`. */
  readonly maxRecordsPerSync: number;
  /** Page size of `GET /api/<collection>` when no `limit` is given, and the largest allowed. */
  readonly defaultPageLimit: number;
  readonly maxPageLimit: number;
  /** How long a login session lasts. */
  readonly sessionTtlMs: number;
  /** Rate limits, lockouts and hashing bounds of `POST /api/auth/login`. */
  readonly login: LoginLimits;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 4 * 1024 * 1024,
  maxPushBatch: MAX_PUSH_BATCH,
  maxRecordsPerSync: 10_000,
  defaultPageLimit: 1_000,
  maxPageLimit: 10_000,
  sessionTtlMs: 7 * 24 * 60 * 60 * 1000,
  login: DEFAULT_LOGIN_LIMITS,
};
