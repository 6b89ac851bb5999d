import { ok } from '../../../src/shared/errors.js';
import type { Handlers } from '../../../src/shared/ipc/handlers.js';

/** Handlers that record what reached them (to prove refused calls never do) and answer `ok(null)`. */
export function recordingHandlers(): { handlers: Handlers; calls: { channel: string; args: unknown }[] } {
  const calls: { channel: string; args: unknown }[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_target, channel: string) => (args: unknown) => {
      calls.push({ channel, args });
      return ok(null);
    },
  });
  return { handlers, calls };
}
