import { asc, inArray, sql } from 'drizzle-orm';
import type { EntityGraph } from '../../../shared/entity/entity-graph.js';
import { recordTitleSql } from '../record-title.js';
import { OUTBOX_STATES, type OutboxState, outbox } from '../schema/sync-tables.js';
import type { StoreContext } from '../store-context.js';
import type { StoreParts } from '../store-parts.js';
import type { OutboxEntryView } from '../store-types.js';
import { timed } from '../timed.js';
import type { OutboxRow } from './outbox-repository.js';

/** The queue screen: every op (or those in `states`), oldest first, with the record's title. */
export function listOutbox(parts: StoreParts, filter: { states?: readonly OutboxState[] } = {}): OutboxEntryView[] {
  const { ctx } = parts;
  return timed(ctx.logger, ctx.slowMs, 'listOutbox', () =>
    withTitles(ctx, filter.states)
      .all()
      .map(({ op, title }) => toEntryView(ctx, op, title)),
  );
}

export interface OutboxPageFilter {
  readonly states?: readonly OutboxState[];
  readonly offset: number;
  readonly limit: number;
}

/**
 * One page of the queue, oldest first: LIMIT/OFFSET over the primary key (the `state` index when
 * filtered), titles joined in the same query, so a queue of 100,000 ops opens as fast as one of 10.
 */
export function pageOutbox(parts: StoreParts, filter: OutboxPageFilter): OutboxEntryView[] {
  const { ctx } = parts;
  return timed(ctx.logger, ctx.slowMs, 'pageOutbox', () =>
    withTitles(ctx, filter.states)
      .limit(filter.limit)
      .offset(filter.offset)
      .all()
      .map(({ op, title }) => toEntryView(ctx, op, title)),
  );
}

/** Ops (in `states`, if given) oldest first, each with its record's title. */
function withTitles(ctx: StoreContext, states: readonly OutboxState[] | undefined) {
  const query = ctx.db.select({ op: outbox, title: titleColumn(ctx.graph) }).from(outbox);
  return (states ? query.where(inArray(outbox.state, [...states])) : query).orderBy(asc(outbox.seq)).$dynamic();
}

/** How many ops are in each state (every state present, zero included). */
export function outboxCounts(parts: StoreParts): Record<OutboxState, number> {
  const counts = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as Record<OutboxState, number>;
  for (const { state, n } of parts.outbox.countsByState()) counts[state] = n;
  return counts;
}

const titleColumns = new WeakMap<EntityGraph, ReturnType<typeof sql<string>>>();

/** The op's record title as a column (built once per graph: one branch per entity type). */
function titleColumn(graph: EntityGraph) {
  let column = titleColumns.get(graph);
  if (!column) {
    column = sql<string>`${sql.raw(recordTitleSql(graph, '"outbox"."entity"', '"outbox"."record_id"'))}`;
    titleColumns.set(graph, column);
  }
  return column;
}

function toEntryView(ctx: StoreContext, op: OutboxRow, recordTitle: string): OutboxEntryView {
  return {
    opId: op.opId,
    seq: op.seq,
    entity: op.entity,
    entityLabel: ctx.graph.byName.get(op.entity)?.label ?? op.entity,
    recordId: op.recordId,
    recordTitle,
    kind: op.kind === 'delete' ? 'delete' : op.baseVersion === null ? 'create' : 'update',
    fields: Object.keys(op.changes ?? {}),
    state: op.state,
    attempts: op.attempts,
    lastError: op.lastError ?? null,
    nextAttemptAt: op.nextAttemptAt === null ? null : new Date(op.nextAttemptAt).toISOString(),
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
  };
}
