import { sql } from 'drizzle-orm';
import { queryRows, type ServerDb } from '../../../src/server/db/server-database.js';
import type { ServerPlugin } from '../../../src/server/server-context.js';

/** One pushed operation as the server received it, first time its opId arrived. */
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
 */
export class PushRecorder {
  /** Set by the harness before each step; stamped on each op received. */
  now = 0;
  private readonly received = new Map<string, ReceivedOp>();

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
          if (this.received.has(opId)) continue;
          this.received.set(opId, {
            opId,
            clientId,
            t: this.now,
            entity: String(op.entity),
            id: String(op.id),
            baseVersion: typeof op.baseVersion === 'number' ? op.baseVersion : null,
            delete: op.delete === true,
            changes: (op.changes as Record<string, unknown> | undefined) ?? {},
          });
        }
      });
    },
  };

  /** Forgets what was received (a new schedule starts). */
  reset(): void {
    this.received.clear();
  }

  /** Every op received since `reset()`, in arrival order. */
  receivedOps(): ReceivedOp[] {
    return [...this.received.values()];
  }

  /** The received ops the server applied, with the version each one produced. */
  async applied(db: ServerDb): Promise<AppliedOp[]> {
    const ops = this.receivedOps();
    if (ops.length === 0) return [];
    const ids = ops.map((o) => o.opId);
    const rows = await queryRows<{ op_id: string; result: { status?: string; version?: number } | null }>(
      db,
      sql`SELECT op_id::text AS op_id, result FROM applied_ops WHERE op_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND result IS NOT NULL`,
    );
    const versions = new Map(rows.map((r) => [r.op_id, r.result?.version]));
    const out: AppliedOp[] = [];
    for (const op of ops) {
      const version = versions.get(op.opId);
      if (typeof version === 'number') out.push({ ...op, version });
    }
    return out;
  }
}
