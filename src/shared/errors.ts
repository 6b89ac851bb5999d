import type { LocalizedText } from './i18n/message.js';

/**
 * Expected failures are values with codes the UI can explain to an officer; bugs throw.
 * Every layer (store, server, sync engine, IPC) speaks these codes.
 */
export const ERROR_CODES = [
  /** A record or field failed validation. */
  'VALIDATION',
  /** A record references a parent that does not exist (or is deleted). */
  'MISSING_PARENT',
  /** An entity type or collection nobody declared. */
  'UNKNOWN_ENTITY',
  /** The record changed elsewhere since the version this edit started from. */
  'CONFLICT',
  /** Not signed in, or the session expired. */
  'UNAUTHORIZED',
  /** Signed in, but the record is outside the user's organisation or district. */
  'FORBIDDEN',
  /**
   * The password was right but works only once (set by an administrator): a new one must be chosen
   * before anything else (the sign-in answers a change token, never a session).
   */
  'PASSWORD_CHANGE_REQUIRED',
  'NOT_FOUND',
  /** Malformed request (JSON, types, cursor). */
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  /** The server could not be reached (DNS, refused, reset, offline). */
  'NETWORK',
  'TIMEOUT',
  /** The server failed (5xx) or answered something we could not understand. */
  'SERVER',
  'CANCELLED',
  /**
   * The device's cursors name a history the server no longer has (its database was restored from a
   * backup, reset, or purged past them): its copy must be downloaded again (unsent changes are kept).
   */
  'RESYNC',
  /**
   * The record is in a district the user no longer has (an administrator changed their districts): a
   * change to it cannot be sent; it waits for the officer (discard), or for the district to come back.
   */
  'OUT_OF_SCOPE',
  /** A file could not be read or is not what it claims to be. */
  'FILE',
  /**
   * A file is held by another program for a moment (an antivirus scanning it, OneDrive uploading it,
   * Explorer drawing its preview): Windows says EBUSY/EPERM/EACCES. Tried again later, never fatal.
   */
  'FILE_BUSY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  readonly code: ErrorCode;
  /**
   * One sentence in English, for the log and the Details a support person reads. The officer reads
   * `text` when there is one, else the code's sentence from the catalogs.
   */
  readonly message: string;
  /**
   * What the officer reads, as a catalog key and its values: the page says it in the officer's language
   * (and again in another after a switch). Main writes one for every failure it explains itself (a file,
   * a folder, a refusal); `officerError` builds both this and `message` from the catalogs.
   */
  readonly text?: LocalizedText;
  /** Technical detail, shown one click away. */
  readonly detail?: string;
  readonly entity?: string;
  readonly id?: string;
  readonly field?: string;
  /** The record rule (`RecordRule.id` of the entity) the record breaks. */
  readonly rule?: string;
}

export type Result<T, E = AppError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = AppError>(error: E): Result<never, E> => ({ ok: false, error });

/** An `AppError` carried through code that can only throw (transactions, stream callbacks). */
export class AppErrorException extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = `AppError(${error.code})`;
  }
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as AppError).code) &&
    typeof (value as AppError).message === 'string'
  );
}

/** Compile-time exhaustiveness for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
