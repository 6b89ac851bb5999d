import type { z } from 'zod';
import { err, ok, type Result } from '../../shared/errors.js';

/** `push[3].baseVersion` from a zod issue path; `request` for the input as a whole. */
export function pathName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const key of path) name += typeof key === 'number' ? `[${key}]` : `${name ? '.' : ''}${String(key)}`;
  return name || 'request';
}

/**
 * Parses request input (a body or a query). The error names where the first problem is, as a path in
 * the input (`push[0].opId: Invalid UUID`), in both `message` and `field`.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  if (!issue) return err({ code: 'BAD_REQUEST', message: 'The request is invalid' });
  if (issue.code === 'unrecognized_keys') {
    const field = pathName([...issue.path, issue.keys[0] ?? '']);
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return err({ code: 'BAD_REQUEST', message: `${pathName(issue.path)}: unknown field(s) ${names}`, field });
  }
  const field = pathName(issue.path);
  return err({ code: 'BAD_REQUEST', message: `${field}: ${issue.message}`, field });
}
