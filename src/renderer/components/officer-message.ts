import type { AppError, ErrorCode } from '../../shared/errors.js';

/** Where an error happened changes how it is said (a 401 at sign-in is a wrong password). */
export type ErrorContext = 'signIn' | 'sync' | 'record' | 'general';

const GENERAL: Record<ErrorCode, string> = {
  VALIDATION: 'The record was rejected because it is not complete or not correct.',
  MISSING_PARENT: 'The record was rejected because the record it belongs to does not exist on the server.',
  UNKNOWN_ENTITY: 'The server does not know this kind of record. Fieldsync may need an update.',
  CONFLICT: 'Someone else changed this record at the same time. Choose which version to keep under Conflicts.',
  UNAUTHORIZED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do this. The record may be outside your district.',
  NOT_FOUND: 'This record no longer exists.',
  BAD_REQUEST: 'Fieldsync could not do this: the request was not valid.',
  PAYLOAD_TOO_LARGE: 'This is too large to send to the server.',
  NETWORK:
    'The server cannot be reached. Your work is kept on this computer and will be sent when the connection is back.',
  TIMEOUT: 'The server took too long to answer. Fieldsync will try again.',
  SERVER: 'The server had a problem. Fieldsync will try again later.',
  CANCELLED: 'This was cancelled.',
  FILE: 'A file could not be read.',
  INTERNAL: 'Something went wrong inside Fieldsync. Export diagnostics from Settings and send them to support.',
};

/** Codes whose own message is already written for an officer (it names the record and the field). */
const OWN_WORDS = new Set<ErrorCode>(['VALIDATION', 'MISSING_PARENT', 'BAD_REQUEST', 'FILE']);

/** The sentence an officer reads; the technical detail stays one click away. */
export function officerMessage(error: AppError, context: ErrorContext = 'general'): string {
  if (context === 'signIn' && error.code === 'UNAUTHORIZED') return 'The user name or password is not right.';
  if (context === 'signIn' && (error.code === 'NETWORK' || error.code === 'TIMEOUT')) {
    return 'The server cannot be reached. Check the server address and the internet connection.';
  }
  if (error.code === 'VALIDATION' || error.code === 'MISSING_PARENT') {
    return `The record was rejected because ${lowerFirst(error.message)}`;
  }
  if (context === 'record' && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
    // The server's own sentence names the record and the rule; say who refused.
    return `The server refused this change: ${error.message}`;
  }
  if (OWN_WORDS.has(error.code)) return error.message;
  return GENERAL[error.code];
}

/** Everything a support person needs, nothing secret (errors never carry tokens). */
export function technicalDetail(error: AppError): string {
  return [
    `code: ${error.code}`,
    `message: ${error.message}`,
    error.entity ? `entity: ${error.entity}` : null,
    error.id ? `record: ${error.id}` : null,
    error.field ? `field: ${error.field}` : null,
    error.detail ? `detail: ${error.detail}` : null,
  ]
    .filter(Boolean)
    .join('\n');
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
