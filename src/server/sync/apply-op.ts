import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { EntityDef } from '../../shared/entity/define-entity.js';
import { brokenRule } from '../../shared/entity/record-rules.js';
import { validateFields } from '../../shared/entity/validation.js';
import type { AppError } from '../../shared/errors.js';
import type { OpResult, PushOp } from '../../shared/protocol/sync.js';
import { queryRows, type ServerTx } from '../db/server-database.js';
import { canRead, canWrite, deriveScope, type RecordScope } from '../scope/record-scope.js';
import { cascadeDelete, cascadeMove, findForbiddenCascade } from './cascade.js';
import { columnOf, type RecordRow, readWireRecord, tableOf } from './record-rows.js';
import { checkRefs, type RefCheckContext } from './ref-check.js';
import type { FeedWrites } from './write-transaction.js';

export interface OpContext extends RefCheckContext {
  readonly tx: ServerTx;
  readonly writes: FeedWrites;
  /** Server time of this transaction (ISO). */
  readonly now: string;
  readonly clientId: string | null;
}

type Rejection = Omit<AppError, 'entity' | 'id'>;

/** Applies one validated push operation inside the batch's transaction; never throws for bad input. */
export async function applyOp(ctx: OpContext, def: EntityDef, op: PushOp): Promise<OpResult> {
  const rejected = (error: Rejection): OpResult => ({
    opId: op.opId,
    status: 'rejected',
    entity: def.name,
    id: op.id,
    error: { ...error, entity: def.name, id: op.id },
  });
  const stored = await ctx.rows.get(def, op.id, 'update');
  // A record the user may not read gets exactly the answers of one that does not exist.
  const hidden = stored !== undefined && !canRead(ctx.model, ctx.user, def, stored.scope);
  const current = hidden ? undefined : stored;
  if (hidden && op.baseVersion === null && !op.delete) {
    return rejected({
      code: 'CONFLICT',
      message: `${def.label} id ${op.id} cannot be used; create the record with a new id`,
      field: 'id',
    });
  }
  const conflict = async (): Promise<OpResult> => {
    await ctx.writes.pending.flush(ctx.tx);
    const server = await readWireRecord(ctx.tx, def, op.id);
    if (!server) throw new Error(`${def.name} ${op.id} vanished inside its transaction`);
    return { opId: op.opId, status: 'conflict', entity: def.name, id: op.id, baseVersion: op.baseVersion, server };
  };
  const applied = (version: number, updatedAt = ctx.now): OpResult => ({
    opId: op.opId,
    status: 'applied',
    entity: def.name,
    id: op.id,
    version,
    updatedAt,
  });

  if (op.delete) {
    // A delete and its cascade are statements of their own: the batch's earlier writes go first.
    await ctx.writes.pending.flush(ctx.tx);
    if (!current) return rejected({ code: 'NOT_FOUND', message: `${def.label} ${op.id} does not exist` });
    if (current.deleted) return applied(current.version, (await readWireRecord(ctx.tx, def, op.id))?.updatedAt);
    if (current.version !== op.baseVersion) return conflict();
    if (!canWrite(ctx.model, ctx.user, def, current.scope)) return rejected(readOnly(def));
    const forbidden = await findForbiddenCascade(ctx, def, [op.id]);
    if (forbidden) {
      const { def: child, id } = forbidden;
      return {
        opId: op.opId,
        status: 'rejected',
        entity: def.name,
        id: op.id,
        error: {
          code: 'FORBIDDEN',
          message: `Deleting ${def.label.toLowerCase()} ${op.id} would also delete ${child.label.toLowerCase()} ${id}, which you may not change`,
          entity: child.name,
          id,
        },
      };
    }
    await queryRows(
      ctx.tx,
      ctx.tx
        .update(tableOf(def))
        .set({ _deleted: true, _version: current.version + 1, _lastClientId: ctx.clientId })
        .where(eq(columnOf(def, 'id'), op.id)),
    );
    ctx.writes.touch(def, op.id);
    ctx.rows.set(def, op.id, { ...current, version: current.version + 1, deleted: true });
    await cascadeDelete(ctx, def, [op.id]);
    if (ctx.graph.childrenOf(def).length > 0) ctx.rows.forgetAll();
    return applied(current.version + 1);
  }

  const changes = op.changes ?? {};
  if (op.baseVersion === null) {
    if (current) return conflict();
    const input = { ...nullDefaults(def), ...changes };
    const valid = validateFields(def, op.id, input);
    if (!valid.ok) return rejected(valid.error);
    const fields = valid.value as Record<string, unknown>;
    const broken = brokenRule(def, op.id, fields);
    if (broken) return rejected(broken);
    const refs = await checkRefs(ctx, def, op.id, fields);
    if (!refs.ok) return rejected(refs.error);
    const scope = deriveScope(ctx.model, def, op.id, refs.value);
    if (!scope || !canWrite(ctx.model, ctx.user, def, scope)) return rejected(outOfScope(def));
    const clash = await uniqueClash(ctx, def, op.id, fields);
    if (clash) return rejected(clash);
    // Written by the stamp (see `PendingWrites`). Another transaction creating the same id meanwhile
    // makes the insert fail as a lost unique race: the push runs again and answers a conflict.
    ctx.writes.pending.insert(def, op.id, {
      ...fields,
      ...serverValues(ctx, scope),
      _updatedAt: ctx.now,
      _version: 1,
    });
    ctx.writes.touch(def, op.id);
    ctx.rows.set(def, op.id, { version: 1, deleted: false, scope, fields });
    return applied(1);
  }

  if (!current) return rejected({ code: 'NOT_FOUND', message: `${def.label} ${op.id} does not exist` });
  if (current.deleted || current.version !== op.baseVersion) return conflict();
  const valid = validateFields(def, op.id, changes, { partial: true });
  if (!valid.ok) return rejected(valid.error);
  const fields = valid.value as Record<string, unknown>;
  if (!canWrite(ctx.model, ctx.user, def, current.scope)) return rejected(readOnly(def));
  // Checked on the record the write leaves, but only for rules the write touches (see `brokenRule`).
  const broken = brokenRule(def, op.id, { ...current.fields, ...fields }, Object.keys(fields));
  if (broken) return rejected(broken);
  const refs = await checkRefs(ctx, def, op.id, fields);
  if (!refs.ok) return rejected(refs.error);
  const moved = movedScope(ctx, def, op.id, current, fields, refs.value);
  if (moved && !canWrite(ctx.model, ctx.user, def, moved)) return rejected(outOfScope(def));
  const clash = await uniqueClash(ctx, def, op.id, { ...current.fields, ...fields });
  if (clash) return rejected(clash);
  const scope = moved ?? current.scope;
  ctx.writes.pending.update(def, op.id, { ...fields, ...serverValues(ctx, scope), _version: current.version + 1 });
  if (moved && current.scope.district && current.scope.district !== moved.district) {
    ctx.writes.exit(def, op.id, {
      organisation: moved.organisation,
      fromDistrict: current.scope.district,
      toDistrict: moved.district,
    });
  } else ctx.writes.touch(def, op.id);
  ctx.rows.set(def, op.id, {
    version: current.version + 1,
    deleted: false,
    scope,
    fields: { ...current.fields, ...fields },
  });
  if (moved) {
    await ctx.writes.pending.flush(ctx.tx);
    await cascadeMove(ctx, def, [op.id], moved);
    ctx.rows.forgetAll();
  }
  return applied(current.version + 1);
}

/**
 * Server columns of a write. `updated_at` is left as it was: the commit stamps it (see
 * `runWriteTransaction`), never below its previous value.
 */
function serverValues(ctx: OpContext, scope: RecordScope) {
  return {
    _deleted: false,
    _organisationScope: scope.organisation,
    _districtScope: scope.district,
    _lastClientId: ctx.clientId,
  };
}

/** The new scope when the change moves the record to another owner in a different scope. */
function movedScope(
  ctx: OpContext,
  def: EntityDef,
  id: string,
  current: RecordRow,
  fields: Record<string, unknown>,
  ownerScope: RecordScope | undefined,
): RecordScope | undefined {
  const owner = def.ownerRef?.field;
  if (!owner || !(owner in fields) || fields[owner] === current.fields[owner]) return undefined;
  const next = deriveScope(ctx.model, def, id, ownerScope);
  if (!next) return undefined;
  const same = next.organisation === current.scope.organisation && next.district === current.scope.district;
  return same ? undefined : next;
}

/** Absent nullable fields default to null on create. */
function nullDefaults(def: EntityDef): Record<string, null> {
  return Object.fromEntries(
    Object.entries(def.fields)
      .filter(([, f]) => f.nullable)
      .map(([name]) => [name, null]),
  );
}

/** Another live record already holds a unique field combination this record would take. */
async function uniqueClash(
  ctx: OpContext,
  def: EntityDef,
  id: string,
  values: Record<string, unknown>,
): Promise<Rejection | undefined> {
  // The batch's earlier creates and edits must be in the table this looks in.
  if (def.unique.length > 0) await ctx.writes.pending.flush(ctx.tx);
  for (const set of def.unique) {
    const conditions: SQL[] = set.map((field) =>
      values[field] === null ? sql`${columnOf(def, field)} IS NULL` : eq(columnOf(def, field), values[field]),
    );
    const rows = await ctx.tx
      .select({ id: columnOf(def, 'id') })
      .from(tableOf(def))
      .where(and(...conditions, eq(columnOf(def, '_deleted'), false), ne(columnOf(def, 'id'), id)))
      .limit(1);
    if (rows.length > 0) {
      return {
        code: 'CONFLICT',
        message: `${def.label} ${id}: another ${def.label.toLowerCase()} already has this ${set.join(' and ')}`,
        field: set.join(', '),
      };
    }
  }
  return undefined;
}

function readOnly(def: EntityDef): Rejection {
  return { code: 'FORBIDDEN', message: `You may not change ${def.label.toLowerCase()} records outside your districts` };
}

function outOfScope(def: EntityDef): Rejection {
  return { code: 'FORBIDDEN', message: `${def.label} would be outside your organisation or districts` };
}
