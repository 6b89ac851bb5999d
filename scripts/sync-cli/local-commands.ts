import type { LocalStore } from '../../src/main/store/local-store.js';
import type { EntityDef } from '../../src/shared/entity/define-entity.js';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { type AppError, err, ok, type Result } from '../../src/shared/errors.js';
import type { Translator } from '../../src/shared/i18n/translator.js';

/** Parses `field=value` pairs, typing each value by the field's declaration. */
export function parseAssignments(
  def: EntityDef,
  pairs: readonly string[],
  words: Translator,
): Result<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : pair;
    const field = def.fields[name];
    if (eq <= 0 || !field) {
      return err({
        code: 'VALIDATION',
        message: words.t('cli:sync.notAssignment', { pair, entity: def.name }),
        field: name,
      });
    }
    const raw = pair.slice(eq + 1);
    if (raw === 'null' && field.nullable) fields[name] = null;
    else if (field.kind === 'int' || field.kind === 'real') fields[name] = Number(raw);
    else if (field.kind === 'bool') fields[name] = raw === 'true';
    else if (field.kind === 'json') {
      try {
        fields[name] = JSON.parse(raw);
      } catch {
        return err({ code: 'VALIDATION', message: words.t('cli:sync.notJson', { field: name }), field: name });
      }
    } else fields[name] = raw;
  }
  return ok(fields);
}

export function resolveEntity(name: string | undefined, words: Translator): Result<EntityDef> {
  if (!name) return err({ code: 'VALIDATION', message: words.t('cli:sync.needsEntity') });
  const byName = entityGraph.resolve(name);
  return byName.ok ? byName : entityGraph.resolveCollection(name);
}

/** What `status` prints: the outbox, conflicts and per-collection sync state. */
export function storeStatus(store: LocalStore) {
  return {
    clientId: store.clientId(),
    outbox: store.outboxCounts(),
    openConflicts: store.listConflicts({ status: 'open' }).length,
    cursors: store.getCursors(),
    lastSyncedAt: store.lastSyncedAt(),
  };
}

/** Reviews a school visit as the officer does in the app. */
export function reviewVisit(
  store: LocalStore,
  visitId: string,
  status: string,
  comment: string | undefined,
  reviewer: string,
  now: Date,
): Result<{ opId: string | null }> {
  return store.updateRecord('schoolVisit', visitId, {
    reviewStatus: status,
    reviewComment: comment ?? null,
    reviewedBy: reviewer,
    reviewedAt: now.toISOString(),
    // A follow-up belongs to a flagged visit (the entity's rule), as in the app's review.
    ...(status === 'flagged' ? {} : { followUpDate: null, followUpNote: null }),
  });
}

export function usageError(message: string): AppError {
  return { code: 'BAD_REQUEST', message };
}
