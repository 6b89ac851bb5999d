import type { RecordView, VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { RecordMarkers } from '../../components/record-markers.js';

/** The records of one kind directly under a record of the visit. */
export const childrenOf = (graph: VisitGraph, parentId: string, entity: string) =>
  graph.nodes.filter((n) => n.parentId === parentId && n.entity === entity);

/** A record's unsynced and conflict markers. */
export function Markers({ record }: { readonly record: RecordView }) {
  return <RecordMarkers pending={record.localState === 'pending'} conflicted={record.conflicted} />;
}
