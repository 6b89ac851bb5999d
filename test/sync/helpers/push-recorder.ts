import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows, type ServerDb } from '../../../src/server/db/server-database.js';
import type { ServerPlugin } from '../../../src/server/server-context.js';

/** One pushed operation as the server received it, first time its opId arrived with this content. */
export interface ReceivedOp {
  readonly opId: string;
  readonly clientId: string | null;
  /** The harness's clock when the request arrived (`PushRecorder.now`). */
  readonly t: number;
  readonly entity: string;
  readonly id: string;
  readonly baseVersion: number | null;
  readonly delete: boolean;
  readonly changes: Readonly<Record<string, unknown>>;
}

/** An op the server applied (its stored result), with what it carried. */
export interface AppliedOp extends ReceivedOp {
  /** The record's version after this op: the server's order of writes to that record. */
  readonly version: number;
}

/**
 * Records, on the server side, every op pushed to `/api/sync` (before the route runs), so the oracle
 * knows what the server received from which client, and when in the schedule; `applied()` then asks
 * the server's own ledger (`applied_ops`) which of them it applied, at which version. Neither reads
 * anything the client under test says about itself.
 *
 * An op keeps its opId when the client rebases it (new base, new content), so one opId may arrive
 * with several contents; the server applies at most one, and the version it produced says which (an
 * edit on base version b makes b + 1, a create makes 1).
 */
export class PushRecorder {
  /** Set by the harness before each step; stamped on each op received. */
  now = 0;
  private readonly received = new Map<string, ReceivedOp[]>();

  readonly plugin: ServerPlugin = {
    name: 'test-push-recorder',
    public: (app) => {
      app.addHook('preHandler', async (request) => {
        if (request.method !== 'POST' || !request.url.startsWith('/api/sync')) return;
        const body = request.body as { push?: unknown; clientId?: unknown } | null;
        if (!body || !Array.isArray(body.push)) return;
        const clientId = typeof body.clientId === 'string' ? body.clientId : null;
        for (const op of body.push as Record<string, unknown>[]) {
          const opId = String(op.opId);
          const received: ReceivedOp = {
            opId,
            clientId,
            t: this.now,
            entity: String(op.entity),
            id: String(op.id),
            baseVersion: typeof op.baseVersion === 'number' ? op.baseVersion : null,
            delete: op.delete === true,
            changes: (op.changes as Record<string, unknown> | undefined) ?? {},
          };
          const contents = this.received.get(opId) ?? [];
          if (!contents.some((c) => sameContent(c, received))) this.received.set(opId, [...contents, received]);
        }
      });
    },
  };

  /** Forgets what was received (a new schedule starts). */
  reset(): void {
    this.received.clear();
  }

  /** Every op received since `reset()` (each content of it), in arrival order of the opIds. */
  receivedOps(): ReceivedOp[] {
    return [...this.received.values()].flat();
  }

  /** The received ops the server applied, with the version each one produced. */
  async applied(db: ServerDb): Promise<AppliedOp[]> {
    if (this.received.size === 0) return [];
    const ids = [...this.received.keys()];
    const rows = await queryRows<{ op_id: string; result: { status?: string; version?: number } | null }>(
      db,
      sql`SELECT op_id::text AS op_id, result FROM applied_ops WHERE op_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND result IS NOT NULL`,
    );
    const versions = new Map(rows.map((r) => [r.op_id, r.result?.version]));
    const out: AppliedOp[] = [];
    for (const [opId, contents] of this.received) {
      const version = versions.get(opId);
      if (typeof version !== 'number') continue;
      // A delete of a record already deleted answers with its current version: then the last content.
      const op =
        contents.findLast((c) => (c.baseVersion === null ? 1 : c.baseVersion + 1) === version) ?? contents.at(-1);
      if (op) out.push({ ...op, version });
    }
    return out;
  }
}

function sameContent(a: ReceivedOp, b: ReceivedOp): boolean {
  return a.baseVersion === b.baseVersion && a.delete === b.delete && isDeepStrictEqual(a.changes, b.changes);
}
