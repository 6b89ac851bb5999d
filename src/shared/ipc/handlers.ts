import type { Result } from '../errors.js';
import type { Channel, ParsedArgsOf, ValueOf } from './contract.js';

/**
 * The main side of the contract, as `api.ts` is the page's: one implementation per channel, which
 * receives its argument already validated. The app core fills it in; the IPC dispatcher calls it.
 */
export type Handlers = {
  readonly [C in Channel]: (args: ParsedArgsOf<C>) => Promise<Result<ValueOf<C>>> | Result<ValueOf<C>>;
};
