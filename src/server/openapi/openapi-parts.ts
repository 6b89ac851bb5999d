/** Small builders for the OpenAPI document. */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request (malformed JSON, wrong types, unknown fields or collections, invalid cursor)',
  401: 'Missing, invalid or expired session',
  403: 'Outside your organisation or districts',
  404: 'Unknown collection, or no such record visible to you',
  413: 'Body or push batch over the limit',
};

/** `{ error: AppError }` responses for the given statuses. */
export function errorResponses(statuses: readonly number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, json(ref('ErrorBody'), ERROR_TEXT[s] ?? 'Error')]));
}
