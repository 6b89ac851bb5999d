import { z } from 'zod';
import type { Result } from '../errors.js';
import type { AppEvent } from './events.js';

/** Page → main over the development/e2e WebSocket: one call. */
export const wsCallSchema = z.strictObject({
  id: z.number().int().min(0),
  channel: z.string().max(100),
  args: z.unknown().optional(),
});
export type WsCall = z.infer<typeof wsCallSchema>;

/** Main → page: the answer to a call, or an event. */
export type WsServerMessage = { readonly id: number; readonly result: Result<unknown> } | { readonly event: AppEvent };

/** Query parameter carrying the per-run token on the upgrade request (browsers cannot set headers). */
export const WS_TOKEN_PARAM = 'token';
