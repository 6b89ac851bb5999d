import { randomUUID } from 'node:crypto';
import type { PushOp } from '../../../src/shared/protocol/sync.js';

/** Push operations and minimal valid records for server tests. */

export function create(entity: string, changes: Record<string, unknown>, id: string = randomUUID()): PushOp {
  return { opId: randomUUID(), entity, id, baseVersion: null, changes };
}

export function update(entity: string, id: string, baseVersion: number, changes: Record<string, unknown>): PushOp {
  return { opId: randomUUID(), entity, id, baseVersion, changes };
}

export function remove(entity: string, id: string, baseVersion: number | null): PushOp {
  return { opId: randomUUID(), entity, id, baseVersion, delete: true };
}

export const schoolFields = (districtId: string, name = 'Test Primary') => ({
  districtId,
  name,
  emisCode: `T-${randomUUID().slice(0, 8)}`,
  type: 'primary',
  enrolment: 120,
  active: true,
});

export const teacherFields = (schoolId: string) => ({
  schoolId,
  firstName: 'Amina',
  lastName: 'Otieno',
  gender: 'female',
  active: true,
});

export const visitFields = (schoolId: string) => ({
  schoolId,
  visitDate: '2026-03-02',
  monitorId: 'monitor-1',
  monitorName: 'Test Monitor',
  status: 'completed',
  reviewStatus: 'pending',
});

export const pupilAssessmentFields = (schoolVisitId: string, pupilCode = 'P-1') => ({
  schoolVisitId,
  pupilCode,
  grade: 3,
  gender: 'female',
  age: 9,
  language: 'English',
  durationSeconds: 300,
});
