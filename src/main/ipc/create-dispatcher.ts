import type { z } from 'zod';
import { type AppError, AppErrorException, err, type Result } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';
import { type Channel, invokeContract, isChannel } from '../../shared/ipc/contract.js';
import type { Handlers } from '../../shared/ipc/handlers.js';
import { createLogger } from '../log.js';
import type { Sender } from './sender.js';

const log = createLogger('ipc');

export interface DispatcherOptions {
  /** The transport's frame policy: `false` refuses the call before its argument is even parsed. */
  readonly isTrustedSender: (sender: Sender) => boolean;
  /** Also check each result against its schema (development and tests: catches contract drift). */
  readonly validateResults?: boolean;
}

/** Runs one call from the page: channel, sender and argument checks, then the handler. */
export type Dispatch = (channel: unknown, sender: Sender, args: unknown) => Promise<Result<unknown>>;

/**
 * Binds the contract to its handlers, independent of the transport (Electron IPC or WebSocket).
 * Expected failures come back as `Result` errors; a handler that throws is a bug, logged and
 * answered with `INTERNAL` so the page never hangs.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  return async (channel, sender, rawArgs) => {
    if (!isChannel(channel)) {
      return err(
        officerError('BAD_REQUEST', text('errors:code.BAD_REQUEST'), {
          detail: `Unknown request "${String(channel)}"`,
        }),
      );
    }
    if (!sender.frameUrl || !options.isTrustedSender(sender)) {
      log.warn(`Refused ${channel} from an untrusted frame`, sender.frameUrl);
      return err({
        code: 'FORBIDDEN',
        message: 'This request did not come from the Fieldsync window and was refused',
        detail: `channel ${channel}, frame ${sender.frameUrl ?? '(none)'}`,
      });
    }
    const spec = invokeContract[channel];
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) return err(describeArgsError(channel, parsed.error));
    try {
      const handler = handlers[channel] as (args: unknown) => Promise<Result<unknown>> | Result<unknown>;
      const result = await handler(parsed.data);
      if (options.validateResults && result.ok) checkResult(channel, spec.result, result.value);
      return result;
    } catch (e) {
      if (e instanceof AppErrorException) return err(e.error);
      log.error(`${channel} failed`, e);
      return err({
        code: 'INTERNAL',
        message: 'Something went wrong inside Fieldsync',
        detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
    }
  };
}

const NAMED_IN_WORDS = /^[A-Z][A-Za-z ]{0,40}: /;

function describeArgsError(channel: Channel, error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  return {
    code: 'BAD_REQUEST',
    // A schema message that already names its field in words ("Server address: …") is kept as it is.
    message: issue
      ? `${field && !NAMED_IN_WORDS.test(issue.message) ? `${field}: ` : ''}${issue.message}`
      : `Invalid request ${channel}`,
    detail: `${channel}: ${error.issues.map((i) => `${i.path.join('.') || '(argument)'}: ${i.message}`).join('; ')}`,
    ...(field ? { field } : {}),
  };
}

function checkResult(channel: Channel, schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`Result of ${channel} does not match the contract: ${parsed.error.message}`);
  }
}
