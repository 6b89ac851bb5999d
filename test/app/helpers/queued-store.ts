import { rawConnection } from '../../../src/main/store/local-store.js';
import { type SeededStore, seededStore } from './seeded-store.js';

/**
 * The `tiny` deployment with `ops` local edits waiting to be sent: half new teachers, half new visits
 * (whose titles join their school), written in one transaction so seeding 100,000 takes seconds.
 */
export function queuedStore(ops: number): SeededStore {
  const seeded = seededStore('tiny');
  const { store } = seeded;
  const schools = (rawConnection(store).sqlite.prepare('select id from schools').all() as { id: string }[]).map(
    (r) => r.id,
  );
  rawConnection(store).sqlite.transaction(() => {
    for (let i = 0; i < ops; i++) {
      const schoolId = schools[i % schools.length] as string;
      const created =
        i % 2 === 0
          ? store.createRecord('teacher', {
              schoolId,
              firstName: 'Queued',
              lastName: `Teacher ${i}`,
              gender: 'female',
              active: true,
            })
          : store.createRecord('schoolVisit', {
              schoolId,
              visitDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
              monitorId: 'monitor-1',
              monitorName: 'Queued Monitor',
              status: 'completed',
              reviewStatus: 'pending',
            });
      if (!created.ok) throw new Error(created.error.message);
    }
  })();
  return seeded;
}
