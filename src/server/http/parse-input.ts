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
  const issue = innermost(parsed.error.issues[0]);
  if (!issue) return err({ code: 'BAD_REQUEST', message: 'The request is invalid' });
  if (issue.code === 'unrecognized_keys') {
    const field = pathName([...issue.path, issue.keys[0] ?? '']);
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return err({ code: 'BAD_REQUEST', message: `${pathName(issue.path)}: unknown field(s) ${names}`, field });
  }
  const field = pathName(issue.path);
  return err({ code: 'BAD_REQUEST', message: `${field}: ${issue.message}`, field });
}

type Issue = z.core.$ZodIssue;

/**
 * For a value matching no branch of a union (e.g. a push op that is neither an edit nor a delete), the
 * issue of the closest branch (fewest issues), with its path made absolute.
 */
function innermost(issue: Issue | undefined): Issue | undefined {
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]?.[0];
  if (!closest) return issue;
  return innermost({ ...closest, path: [...issue.path, ...closest.path] } as Issue);
}
