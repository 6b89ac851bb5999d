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
