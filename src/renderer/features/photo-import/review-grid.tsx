import { useMemo, useState } from 'react';
import type { ImportCandidateView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';
import { useT } from '../../state/i18n/use-t.js';
import { ReviewToolbar } from './review-toolbar.js';
import { VisitPhotoGroup } from './visit-photo-group.js';

/** Visit id per photo; `null` = left out of the import. */
export type Assignments = ReadonlyMap<string, string | null>;

const UNASSIGNED = '';

/**
 * Thumbnails grouped by the visit they are assigned to (first the suggestion), with bulk selection
 * and reassignment: select photos, pick a visit, move them; or leave them out.
 */
export function ReviewGrid({
  scan,
  assignments,
  onAssign,
}: {
  readonly scan: ImportScanView;
  readonly assignments: Assignments;
  readonly onAssign: (shas: readonly string[], visitId: string | null) => void;
}) {
  const { format } = useT();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState(scan.visits[0]?.id ?? UNASSIGNED);
  const visitName = useMemo(
    () => new Map(scan.visits.map((v) => [v.id, `${v.schoolName}, ${format.date(v.visitDate)}`])),
    [scan.visits, format],
  );
  const groups = useMemo(
    () => groupByVisit(scan.candidates, assignments, visitName),
    [scan.candidates, assignments, visitName],
  );
  const toggle = (sha: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(sha);
    else next.delete(sha);
    setSelected(next);
  };
  const move = (visitId: string | null) => {
    onAssign([...selected], visitId);
    setSelected(new Set());
  };
  return (
    <div data-testid="review-grid">
      <ReviewToolbar
        visits={scan.visits}
        selectedCount={selected.size}
        target={target}
        onTarget={setTarget}
        onSelectAll={() => setSelected(new Set(scan.candidates.map((c) => c.sha256)))}
        onMove={move}
      />
      {groups.map(([visitId, photos]) => (
        <VisitPhotoGroup
          key={visitId || 'none'}
          visitId={visitId}
          visitName={visitName.get(visitId)}
          photos={photos}
          selected={selected}
          onToggle={toggle}
        />
      ))}
    </div>
  );
}

/** The photos per assigned visit, visits by school and date, the photos left out last. */
function groupByVisit(
  candidates: readonly ImportCandidateView[],
  assignments: Assignments,
  visitName: ReadonlyMap<string, string>,
): [string, ImportCandidateView[]][] {
  const byVisit = new Map<string, ImportCandidateView[]>();
  for (const c of candidates) {
    const key = assignments.get(c.sha256) ?? UNASSIGNED;
    byVisit.set(key, [...(byVisit.get(key) ?? []), c]);
  }
  return [...byVisit.entries()].sort(([a], [b]) =>
    a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : (visitName.get(a) ?? '').localeCompare(visitName.get(b) ?? ''),
  );
}
