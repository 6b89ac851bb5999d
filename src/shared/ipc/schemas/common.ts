import { z } from 'zod';
import { ERROR_CODES } from '../../errors.js';
import { localizedTextSchema } from '../../i18n/message.js';

/** An `AppError` as it crosses the process boundary. */
export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  text: localizedTextSchema.optional(),
  detail: z.string().optional(),
  entity: z.string().optional(),
  id: z.string().optional(),
  field: z.string().optional(),
  rule: z.string().optional(),
});

/** The `Result<T>` every invoke channel answers with. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}

/** Channels without arguments take `undefined` (a JSON transport drops the key entirely). */
export const noArgs = z.undefined();

export const idArgs = z.strictObject({ id: z.uuid() });

/** Offset paging, bounded so one call never ships a whole table to the page. */
export const pageArgs = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

/** A page of rows plus the total the virtualised list sizes its scrollbar with. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().min(0) });
}

/** Row change state as the screens show it: mirrors the server, or has local edits waiting. */
export const localStateSchema = z.enum(['synced', 'pending']);

/** Free text typed into a search box. */
export const searchTextSchema = z.string().trim().max(100);
