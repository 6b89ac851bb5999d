import { isAxiosError } from 'axios';
import type { AppError, ErrorCode } from '../../shared/errors.js';
import { isAppError } from '../../shared/errors.js';
import { text } from '../../shared/i18n/message.js';
import { officerError } from '../../shared/i18n/officer-error.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_STREAM_PREMATURE_CLOSE',
  // A response cut mid-way through a gzip/br stream surfaces as a decompression error.
  'Z_BUF_ERROR',
  'Z_DATA_ERROR',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ECONNTIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Which error codes say "the server could not be reached" rather than "the server said no". */
export function isUnreachable(error: AppError): boolean {
  return error.code === 'NETWORK' || error.code === 'TIMEOUT';
}

/** Which failures are worth retrying later without anyone changing anything (a busy file frees itself). */
export function isTransient(error: AppError): boolean {
  return isUnreachable(error) || error.code === 'SERVER' || error.code === 'FILE_BUSY';
}

/**
 * Maps anything a request can throw (axios errors, socket errors, aborts) to an `AppError` an
 * officer can read; the technical cause goes to `detail`.
 */
export function transportError(error: unknown, what: string): AppError {
  const code = errorCode(error);
  const detail = error instanceof Error ? `${code ?? error.name}: ${error.message}` : String(error);
  if (isCancel(error)) return officerError('CANCELLED', text('errors:sync.cancelled'), { detail });
  if (/maxContentLength/.test(detail)) {
    return { code: 'SERVER', message: `The server sent more than the app accepts (${what}).`, detail };
  }
  if (code && TIMEOUT_CODES.has(code)) {
    return { code: 'TIMEOUT', message: `The server stopped answering (${what}).`, detail };
  }
  if ((code && NETWORK_CODES.has(code)) || /socket hang up|aborted|terminated/i.test(detail)) {
    return { code: 'NETWORK', message: `The server could not be reached (${what}).`, detail };
  }
  return { code: 'NETWORK', message: `The connection to the server failed (${what}).`, detail };
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION',
};

const STATUS_MESSAGES: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'Your session has expired or the user name or password is wrong.',
  FORBIDDEN: 'You do not have access to this data.',
  SERVER: 'The server had a problem; sync will try again.',
  PAYLOAD_TOO_LARGE: 'The data sent was too large for the server.',
};

/**
 * The `AppError` of a non-2xx HTTP answer. The server's own `{ error }` body is kept when it is a
 * well-formed `AppError` whose code agrees with the status class; otherwise the status decides.
 */
export function httpStatusError(status: number, body: unknown, what: string): AppError {
  const code: ErrorCode = status >= 500 ? 'SERVER' : (STATUS_CODES[status] ?? 'BAD_REQUEST');
  const serverError = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isAppError(serverError) && status >= 500 === (serverError.code === 'SERVER' || serverError.code === 'INTERNAL')) {
    return { ...serverError, code: serverError.code === 'INTERNAL' ? 'SERVER' : serverError.code };
  }
  return {
    code,
    message: STATUS_MESSAGES[code] ?? `The server refused the request (${what}, HTTP ${status}).`,
    detail: `HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 300)}` : ''}`,
  };
}

function errorCode(error: unknown): string | undefined {
  if (isAxiosError(error)) return error.code ?? errorCode(error.cause);
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function isCancel(error: unknown): boolean {
  return (
    (isAxiosError(error) && error.code === 'ERR_CANCELED') ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError'))
  );
}
