import { z } from 'zod';
import type { Catalog } from './catalogs.js';
import type { Namespace } from './namespaces.js';

/** The dotted paths to the messages of a catalog tree. */
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Any catalog key, written in full (`visits:review.approve`): checked against the English catalogs at compile time. */
export type MessageKey = { [N in Namespace]: `${N}:${Paths<Catalog[N]>}` }[Namespace];

/**
 * A value inside a message. Dates, instants and sizes travel as data and are formatted where the
 * message is shown, in the officer's language: main never formats for the page.
 */
export type MessageValue =
  | string
  | number
  | { readonly date: string }
  | { readonly dateTime: string }
  | { readonly fileSize: number }
  | { readonly text: LocalizedText };

/**
 * Text main composes for the page (a reason, a title, a refusal), as a catalog key and its values:
 * the page says it in the officer's language, and says it again in another after a switch.
 */
export interface LocalizedText {
  readonly key: MessageKey;
  readonly values?: Readonly<Record<string, MessageValue>>;
}

/** Builds a `LocalizedText` (the key is checked against the catalogs). */
export function text(key: MessageKey, values?: Readonly<Record<string, MessageValue>>): LocalizedText {
  return values ? { key, values } : { key };
}

const messageValueSchema: z.ZodType<MessageValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.strictObject({ date: z.string() }),
    z.strictObject({ dateTime: z.string() }),
    z.strictObject({ fileSize: z.number() }),
    z.strictObject({ text: localizedTextSchema }),
  ]),
);

/** The IPC shape of a `LocalizedText` (keys are strings on the wire; the page checks they exist). */
export const localizedTextSchema: z.ZodType<LocalizedText> = z.strictObject({
  key: z.string().regex(/^[a-z-]+:[\w.-]+$/, 'A catalog key: namespace:path') as unknown as z.ZodType<MessageKey>,
  values: z.record(z.string(), messageValueSchema).optional(),
});
