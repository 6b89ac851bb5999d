import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { err, ok, type Result } from '../../shared/errors.js';
import { type FeedPosition, parseUpdatedAfter } from './cursor.js';

/** Validates a sync request's cursors: known collections, and cursors (or ISO times) this server issued. */
export function parseCursors(
  graph: EntityGraph,
  cursors: Readonly<Record<string, string | null>>,
  epoch: string,
  head: number,
): Result<Map<string, FeedPosition>> {
  const positions = new Map<string, FeedPosition>();
  for (const [collection, cursor] of Object.entries(cursors)) {
    if (!graph.byCollection.has(collection)) {
      return err({
        code: 'BAD_REQUEST',
        message: `cursors: unknown collection "${collection}"`,
        field: `cursors.${collection}`,
      });
    }
    const position = parseUpdatedAfter(cursor, epoch, head, `cursors.${collection}`);
    if (!position.ok) return position;
    positions.set(collection, position.value);
  }
  return ok(positions);
}
