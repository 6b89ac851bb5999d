import type { WorklistNeighbours } from '../../../shared/ipc/schemas/worklist.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { getWorklist } from '../../state/worklist-state.js';

/**
 * The visits before and after this one in the worklist as the officer left it (tab, filters, sort).
 * Asked once per visit, before any decision: an approved visit leaves the Awaiting-review list, and
 * "Approve and next" must still know where it was.
 */
export function useWorklistNeighbours(visitId: string): WorklistNeighbours | undefined {
  const api = useApi();
  const neighbours = useResult(() => api.worklist.neighbours({ ...getWorklist().query, visitId }), [visitId]);
  return neighbours.data;
}
