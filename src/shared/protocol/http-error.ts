import { z } from 'zod';
import type { AppError } from '../errors.js';

/** Every non-2xx JSON body of the server: `{ error: { code, message, … } }`. */
export interface HttpErrorBody {
  readonly error: AppError;
}

export const httpErrorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
