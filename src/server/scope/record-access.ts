import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import { err, ok, type Result } from '../../shared/errors.js';
import type { SessionUser } from '../../shared/protocol/auth.js';
import type { WireRecord } from '../../shared/protocol/records.js';
import type { ServerDb } from '../db/server-database.js';
import { lockRecord, readWireRecord } from '../sync/record-rows.js';
import { canRead, canWrite } from './record-scope.js';
import type { ScopeModel } from './scope-model.js';

/** Object-level authorisation for routes outside sync (photos, record reads). */
export interface RecordAccess {
  /** A record the user may see; NOT_FOUND when it does not exist *or* is not theirs (no existence leak). */
  read(user: SessionUser, entity: string, id: string): Promise<Result<WireRecord>>;
  /** Whether the user may change a live record (and so attach things to it). */
  checkWritable(user: SessionUser, entity: string, id: string): Promise<Result<void>>;
}

export function createRecordAccess(db: ServerDb, graph: EntityGraph, model: ScopeModel): RecordAccess {
  const find = async (user: SessionUser, entity: string, id: string) => {
    const def = graph.resolve(entity);
    if (!def.ok) return def;
    const row = await lockRecord(db, def.value, id, 'none');
    const missing = { code: 'NOT_FOUND', message: `${def.value.label} ${id} not found`, entity, id } as const;
    if (!row || !canRead(model, user, def.value, row.scope)) return err(missing);
    return ok({ def: def.value, row });
  };
  return {
    async read(user, entity, id) {
      const found = await find(user, entity, id);
      if (!found.ok) return found;
      const record = await readWireRecord(db, found.value.def, id);
      return record ? ok(record) : err({ code: 'NOT_FOUND', message: `${entity} ${id} not found` });
    },
    async checkWritable(user, entity, id) {
      const found = await find(user, entity, id);
      if (!found.ok) return found;
      const { def, row } = found.value;
      if (row.deleted) return err({ code: 'NOT_FOUND', message: `${def.label} ${id} was deleted`, entity, id });
      if (!canWrite(model, user, def, row.scope)) {
        return err({ code: 'FORBIDDEN', message: `You may not change ${def.label.toLowerCase()} ${id}`, entity, id });
      }
      return ok(undefined);
    },
  };
}
