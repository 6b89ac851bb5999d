import type { FastifyReply } from 'fastify';
import type { AppError, ErrorCode } from '../../shared/errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  UNKNOWN_ENTITY: 404,
  CONFLICT: 409,
  /** Gone: the history the cursor names is not on this server any more. */
  RESYNC: 410,
  PAYLOAD_TOO_LARGE: 413,
};

/** The HTTP status of an error code (500 for anything the client cannot fix). */
export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** Sends `{ error }` with the status its code implies. */
export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.code(statusOf(error.code)).send({ error });
}
