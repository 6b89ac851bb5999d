import { randomUUID } from 'node:crypto';
import type { Harness } from './harness.js';

/** What each officer wrote in `holdReviewConflict`, for specs that excuse it as data. */
export const THEIR_COMMENT = 'Pupil codes repeat';
export const MY_COMMENT = 'Checked the register';

/**
 * A conflict held for the officer, made through the core (no screen): another officer flags the visit
 * on the server with a reason, this officer approves it here from the same base with a comment of
 * their own, and the next sync holds both review fields. Resolves once the conflict is open.
 */
export async function holdReviewConflict(harness: Harness, visitId: string): Promise<void> {
  const store = harness.account().store;
  const [written] = await harness.server.writeAs({ user: 'demo' }, [
    {
      opId: randomUUID(),
      entity: 'schoolVisit',
      id: visitId,
      baseVersion: store.getRecord('schoolVisit', visitId)?.version ?? null,
      changes: { reviewStatus: 'flagged', reviewComment: THEIR_COMMENT },
    },
  ]);
  if (written?.status !== 'applied')
    throw new Error(`the server did not take the other officer's review: ${written?.status}`);
  const held = harness.next('conflicts:changed', (e) => e.open === 1);
  const reviewed = await harness.core.handlers['visit:review']({ visitId, decision: 'approved', comment: MY_COMMENT });
  if (!reviewed.ok) throw new Error(reviewed.error.message);
  await harness.core.handlers['sync:now'](undefined);
  await held;
}
