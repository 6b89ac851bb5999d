import { z } from 'zod';
import { storableString } from '../entity/validation.js';

export const loginRequestSchema = z.strictObject({
  username: storableString(1, 100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  /** Districts the user may see; `null` means the whole organisation. */
  districtIds: z.array(z.uuid()).nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** `POST /api/auth/login` → this; send `Authorization: Bearer <token>` on every other call. */
export const loginResponseSchema = z.object({
  token: z.string().min(16),
  expiresAt: z.iso.datetime({ offset: true }),
  user: sessionUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/**
 * `POST /api/auth/login` with a one-time password (set by `npm run admin -- user add|reset-password` or
 * `/api/admin`) → 403 with this body: no session, only a short-lived, single-use change token that
 * `POST /api/auth/change-password` accepts and nothing else does.
 */
export const passwordChangeRequiredSchema = z.object({
  error: z.looseObject({ code: z.literal('PASSWORD_CHANGE_REQUIRED'), message: z.string() }),
  passwordChange: z.object({
    changeToken: z.string().min(16).max(200),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});
export type PasswordChangeRequired = z.infer<typeof passwordChangeRequiredSchema>;

/**
 * `POST /api/auth/change-password` (no bearer token: the change token is the proof of sign-in) → a
 * `LoginResponse`, the session of the new password. Refused 400 with `field: 'newPassword'` and the
 * broken `rule` (`PasswordRule`) when the policy refuses it or it is the one-time password again.
 */
export const changePasswordRequestSchema = z.strictObject({
  changeToken: z.string().min(16).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
