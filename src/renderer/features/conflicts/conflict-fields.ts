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
