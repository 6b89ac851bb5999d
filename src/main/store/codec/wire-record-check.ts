import { z } from 'zod';
import type { EntityDef } from '../../../shared/entity/define-entity.js';
import { validateFields } from '../../../shared/entity/validation.js';
import type { AppError } from '../../../shared/errors.js';
import { WIRE_META_KEYS, type WireRecord, wireFields } from '../../../shared/protocol/records.js';
import { type FastValidator, memoized } from './fast-validator.js';
import { isUuid } from './uuid-check.js';

const DATETIME = z.iso.datetime({ offset: true })._zod.def.pattern as RegExp;
const isDateTime = memoized((v) => typeof v === 'string' && DATETIME.test(v));

/**
 * Checks one incoming wire record of `def`: its sync metadata, then (for a live record) its fields
 * against the declaration. Returns `undefined` when it is fine, else an error naming the record and
 * the field. Tombstones carry no fields; any they do carry are ignored.
 */
export function checkWireRecord(def: EntityDef, item: unknown, fast: FastValidator): AppError | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return invalid(def, undefined, 'id', 'is not a record object');
  }
  const record = item as WireRecord;
  const id = record.id;
  if (!isUuid(id)) return invalid(def, String(id), 'id', 'is not a UUID');
  if (!Number.isSafeInteger(record.version) || record.version < 1) {
    return invalid(def, id, 'version', 'must be a positive integer');
  }
  if (!isDateTime(record.updatedAt)) {
    return invalid(def, id, 'updatedAt', 'must be an ISO date-time with offset');
  }
  if (typeof record.deleted !== 'boolean') return invalid(def, id, 'deleted', 'must be true or false');
  if (record.deleted || fast(record, WIRE_META_KEYS.length)) return undefined;
  const checked = validateFields(def, id, wireFields(record));
  return checked.ok ? undefined : checked.error;
}

function invalid(def: EntityDef, id: string | undefined, field: string, problem: string): AppError {
  return {
    code: 'VALIDATION',
    message: `${def.label} ${id ?? '(no id)'} field "${field}" ${problem}`,
    entity: def.name,
    ...(id === undefined ? {} : { id }),
    field,
  };
}
