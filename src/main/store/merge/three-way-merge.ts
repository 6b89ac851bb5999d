import { isDeepStrictEqual } from 'node:util';
import type { RecordRule } from '../../../shared/entity/record-rules.js';

type Fields = Readonly<Record<string, unknown>>;

export interface MergeInput {
  /** The server's fields the local edit started from; `null` when the record was created locally. */
  readonly base: Fields | null;
  /** The row as the officer sees it (local edits applied). */
  readonly local: Fields;
  /** The server's current fields. */
  readonly server: Fields;
  /** Every declared field of the entity type. */
  readonly fields: readonly string[];
  /** Fields whose overlapping edits are held for the officer instead of last-write-wins. */
  readonly manualFields: readonly string[];
  /** The entity's record rules: a merge that would break one holds that rule's local changes instead. */
  readonly rules?: readonly RecordRule[];
}

export interface MergeResult {
  /** The record after the merge: what the row shows and the rebased op is computed from. */
  readonly merged: Record<string, unknown>;
  readonly localChanged: readonly string[];
  readonly serverChanged: readonly string[];
  /** Both sides changed these to different values; the local (pending) value won. */
  readonly lastWriteWins: readonly string[];
  /**
   * Both sides changed these manual fields differently, or the local change would break a record rule
   * next to the server's: the server value shows until the officer decides.
   */
  readonly held: readonly string[];
}

const changed = (base: Fields | null, side: Fields, field: string) =>
  base === null || !isDeepStrictEqual(base[field], side[field]);

/**
 * Three-way merge of one record, field by field. A field changed on one side takes that side's value;
 * changed on both to the same value is no conflict; changed on both differently resolves to the local
 * value — the pending edit is the write that reaches the server last, so last-write-wins is decided by
 * arrival at the server, never by comparing client clocks — except manual fields, which keep the
 * server's value and are held for the officer. Pure: no I/O, no clock.
 */
export function threeWayMerge(input: MergeInput): MergeResult {
  const { base, local, server } = input;
  const manual = new Set(input.manualFields);
  const merged: Record<string, unknown> = {};
  const localChanged: string[] = [];
  const serverChanged: string[] = [];
  const lastWriteWins: string[] = [];
  const held: string[] = [];
  for (const field of input.fields) {
    const byLocal = changed(base, local, field);
    const byServer = changed(base, server, field);
    if (byLocal) localChanged.push(field);
    if (byServer) serverChanged.push(field);
    if (!byLocal) merged[field] = server[field];
    else if (!byServer || isDeepStrictEqual(local[field], server[field])) merged[field] = local[field];
    else if (manual.has(field)) {
      held.push(field);
      merged[field] = server[field];
    } else {
      lastWriteWins.push(field);
      merged[field] = local[field];
    }
  }
  holdForRules(input, merged, localChanged, lastWriteWins, held);
  return { merged, localChanged, serverChanged, lastWriteWins, held };
}

/**
 * Field by field, each side can be right and the whole still wrong: mine "Approved" with theirs'
 * follow-up date. While the merge breaks a rule, that rule's fields go back to the server's values
 * (a server record obeys the rules) and the local changes among them are held for the officer, who
 * sees both versions and a preview. Each pass fixes a rule for good, so it ends.
 */
function holdForRules(
  input: MergeInput,
  merged: Record<string, unknown>,
  localChanged: readonly string[],
  lastWriteWins: string[],
  held: string[],
): void {
  for (let pass = 0; pass <= (input.rules?.length ?? 0); pass++) {
    const broken = input.rules?.find((rule) => !rule.holds(merged));
    if (!broken) return;
    for (const field of broken.fields) {
      merged[field] = input.server[field];
      if (!localChanged.includes(field) || isDeepStrictEqual(input.local[field], input.server[field])) continue;
      const won = lastWriteWins.indexOf(field);
      if (won >= 0) lastWriteWins.splice(won, 1);
      if (!held.includes(field)) held.push(field);
    }
  }
}

/** The fields of `fields` whose values differ from `reference` (what a rebased op must carry). */
export function changedFields(
  fields: Fields,
  reference: Fields | null,
  names: readonly string[],
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const name of names) {
    if (reference === null || !isDeepStrictEqual(fields[name], reference[name])) changes[name] = fields[name];
  }
  return changes;
}
