import type { Result } from '../../shared/errors.js';
import type { Channel, ParsedArgsOf, ValueOf } from '../../shared/ipc/contract.js';

/** Who sent a call, as far as the transport can tell. */
export interface Sender {
  readonly transport: 'electron' | 'websocket';
  /** URL of the frame that sent it; `null` when the frame is gone (navigated away, destroyed). */
  readonly frameUrl: string | null;
  /** The top-level frame of the window, not an iframe inside it. */
  readonly isMainFrame: boolean;
}

/** One implementation per channel: receives the argument already validated against the contract. */
export type Handlers = {
  readonly [C in Channel]: (args: ParsedArgsOf<C>) => Promise<Result<ValueOf<C>>> | Result<ValueOf<C>>;
};
