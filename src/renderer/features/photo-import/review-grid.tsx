import {
  Badge,
  Button,
  Caption1,
  Card,
  Checkbox,
  makeStyles,
  Select,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { ImportCandidateView, ImportScanView } from '../../../shared/ipc/schemas/photos.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap', margin: '8px 0' },
  group: { marginBottom: '12px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px' },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '6px',
    borderRadius: tokens.borderRadiusMedium,
  },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  thumb: { width: '100%', height: '110px', objectFit: 'cover', backgroundColor: tokens.colorNeutralBackground3 },
  noThumb: {
    height: '110px',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

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
  const styles = useStyles();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState(scan.visits[0]?.id ?? UNASSIGNED);
  const visitName = useMemo(
    () => new Map(scan.visits.map((v) => [v.id, `${v.schoolName}, ${v.visitDate}`])),
    [scan.visits],
  );
  const groups = useMemo(() => {
    const byVisit = new Map<string, ImportCandidateView[]>();
    for (const c of scan.candidates) {
      const key = assignments.get(c.sha256) ?? UNASSIGNED;
      byVisit.set(key, [...(byVisit.get(key) ?? []), c]);
    }
    return [...byVisit.entries()].sort(([a], [b]) =>
      a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : (visitName.get(a) ?? '').localeCompare(visitName.get(b) ?? ''),
    );
  }, [scan.candidates, assignments, visitName]);
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
      <div className={styles.toolbar}>
        <Text>{selected.size} selected</Text>
        <Button size="small" onClick={() => setSelected(new Set(scan.candidates.map((c) => c.sha256)))}>
          Select all
        </Button>
        <Select value={target} onChange={(_, d) => setTarget(d.value)} data-testid="target-visit" aria-label="Visit">
          {scan.visits.map((v) => (
            <option key={v.id} value={v.id}>
              {v.schoolName}, {v.visitDate}
            </option>
          ))}
        </Select>
        <Button
          size="small"
          appearance="primary"
          disabled={selected.size === 0 || !target}
          onClick={() => move(target)}
          data-testid="move-to-visit"
        >
          Move to visit
        </Button>
        <Button size="small" disabled={selected.size === 0} onClick={() => move(null)} data-testid="leave-out">
          Leave out
        </Button>
      </div>
      {groups.map(([visitId, photos]) => (
        <Card key={visitId || 'none'} className={styles.group} data-testid="visit-group" data-visit-id={visitId}>
          <Subtitle2>
            {visitId ? (visitName.get(visitId) ?? visitId) : 'Not assigned (left out)'}{' '}
            <Badge appearance="tint">{photos.length}</Badge>
          </Subtitle2>
          <div className={styles.grid}>
            {photos.map((c) => (
              <Tile
                key={c.sha256}
                photo={c}
                selected={selected.has(c.sha256)}
                onToggle={(on) => toggle(c.sha256, on)}
              />
            ))}
          </div>
        </Card>
      ))}
    </div>
  );
}

function Tile({
  photo,
  selected,
  onToggle,
}: {
  readonly photo: ImportCandidateView;
  readonly selected: boolean;
  readonly onToggle: (on: boolean) => void;
}) {
  const styles = useStyles();
  return (
    <div
      className={`${styles.tile} ${selected ? styles.selected : ''}`}
      data-testid="photo-tile"
      data-sha256={photo.sha256}
    >
      {photo.thumbnail ? (
        <img className={styles.thumb} src={photo.thumbnail} alt={photo.originalName} />
      ) : (
        <Caption1 className={styles.noThumb}>{photo.thumbnailError ?? 'No preview'}</Caption1>
      )}
      <Checkbox checked={selected} onChange={(_, d) => onToggle(Boolean(d.checked))} label={photo.originalName} />
      <Caption1 className={styles.muted} title={photo.suggestion.reason}>
        {photo.suggestion.confidence === 'none'
          ? photo.suggestion.reason
          : `Suggested (${photo.suggestion.confidence})`}
      </Caption1>
    </div>
  );
}
