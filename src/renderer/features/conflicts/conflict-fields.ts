import type { ConflictView, FieldChoice } from '../../../shared/ipc/schemas/conflicts.js';

/** One line of the side-by-side comparison. */
export interface FieldLine {
  readonly field: string;
  readonly base: unknown;
  readonly local: unknown;
  readonly server: unknown;
  /** Both sides changed it (the conflict proper): the officer chooses. */
  readonly contested: boolean;
  /** The sides differ on it at all. */
  readonly differs: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields worth showing: every field that differs anywhere, contested ones first. */
export function fieldLines(conflict: ConflictView): FieldLine[] {
  const contested = new Set(conflict.fields.map((f) => f.field));
  const names = new Set([...contested, ...Object.keys(conflict.local), ...Object.keys(conflict.server)]);
  const lines = [...names].map((field) => {
    const base = conflict.base?.[field];
    const local = conflict.local[field];
    const server = conflict.server[field];
    return {
      field,
      base,
      local,
      server,
      contested: contested.has(field),
      differs: !same(local, server) || (conflict.base !== null && (!same(base, local) || !same(base, server))),
    };
  });
  return lines.filter((l) => l.contested || l.differs).sort((a, b) => Number(b.contested) - Number(a.contested));
}

/** Every contested field set to the same side. */
export function allTo(conflict: ConflictView, side: 'local' | 'server'): Record<string, FieldChoice> {
  return Object.fromEntries(conflict.fields.map((f) => [f.field, side]));
}

/**
 * The record the officer's choices would write, as the store's resolution builds it: the record as it
 * stands (my changes over the server's version, the fields decided automatically from the side that
 * won them), then each chosen field from the chosen side. `null` for a deletion, which has no record
 * to preview.
 */
export function previewRecord(
  conflict: ConflictView,
  choices: Readonly<Record<string, FieldChoice>>,
): Record<string, unknown> | null {
  if (conflict.localDeleted || conflict.serverDeleted) return null;
  const record: Record<string, unknown> = { ...conflict.server };
  for (const [field, value] of Object.entries(conflict.local)) {
    if (conflict.base === null || !same(value, conflict.base[field])) record[field] = value;
  }
  for (const [field, side] of Object.entries(conflict.auto)) {
    record[field] = side === 'local' ? conflict.local[field] : conflict.server[field];
  }
  for (const [field, choice] of Object.entries(choices)) {
    record[field] =
      choice === 'local' ? conflict.local[field] : choice === 'server' ? conflict.server[field] : choice.value;
  }
  return record;
}

/** The side a resolved conflict kept for `field`, in the history's words; `undefined` when untouched. */
export type KeptSide = 'local' | 'server' | 'value' | 'autoLocal' | 'autoServer';

export function keptSide(conflict: ConflictView, field: string): KeptSide | undefined {
  const chosen = conflict.choices?.[field];
  if (chosen) return chosen;
  const auto = conflict.auto[field];
  if (auto) return auto === 'local' ? 'autoLocal' : 'autoServer';
  return undefined;
}

/**
 * Which catalog sentence explains a conflict: `kindSentence` while it waits, or for an automatic
 * resolution nobody has overridden (it can still be); `kindSentenceDecided` once a person decided,
 * so a resolved conflict never says it is waiting or that it can be overridden.
 */
export function sentenceKey(
  conflict: Pick<ConflictView, 'kind' | 'status' | 'choices'>,
): `conflicts:${'kindSentence' | 'kindSentenceDecided'}.${ConflictView['kind']}` {
  const automatic = conflict.kind === 'merged' || conflict.kind === 'last_write_wins';
  const waitsOrOverridable = conflict.status === 'open' || (automatic && conflict.choices === null);
  return waitsOrOverridable
    ? `conflicts:kindSentence.${conflict.kind}`
    : `conflicts:kindSentenceDecided.${conflict.kind}`;
}

/** The list badge's catalog key: who resolved it, "Resolved", or (open or automatic) the kind. */
export function badgeKey(
  conflict: Pick<ConflictView, 'kind' | 'status' | 'resolvedBy'>,
): 'conflicts:resolvedBy' | 'conflicts:resolvedBadge' | `conflicts:kind.${ConflictView['kind']}` {
  if (conflict.status === 'resolved' && conflict.resolvedBy) return 'conflicts:resolvedBy';
  const waitingKind = conflict.kind === 'held' || conflict.kind === 'remote_delete';
  return conflict.status === 'resolved' && waitingKind ? 'conflicts:resolvedBadge' : `conflicts:kind.${conflict.kind}`;
}
