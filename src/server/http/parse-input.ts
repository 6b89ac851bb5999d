import type { z } from 'zod';
import { err, ok, type Result } from '../../shared/errors.js';

/** `push[3].baseVersion` from a zod issue path. */
export function pathName(path: readonly PropertyKey[], root: string): string {
  let name = root;
  for (const key of path) name += typeof key === 'number' ? `[${key}]` : `${name ? '.' : ''}${String(key)}`;
  return name || 'request';
}

/** Parses request input; the error names where the first problem is (`body.push[0].opId: …`). */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, root: string): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  if (!issue) return err({ code: 'BAD_REQUEST', message: `${root}: invalid` });
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const where = pathName(issue.path, root);
  const message =
    keys.length > 0
      ? `${where}: unknown field(s) ${keys.map((k) => `"${k}"`).join(', ')}`
      : `${where}: ${issue.message}`;
  return err({ code: 'BAD_REQUEST', message, field: keys.length > 0 ? `${where}.${keys[0]}` : where });
}
