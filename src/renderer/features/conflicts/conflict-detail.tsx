import {
  Badge,
  Button,
  Caption1,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ConflictView, FieldChoice } from '../../../shared/ipc/schemas/conflicts.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatFieldValue, formatWhen, humanize } from '../../components/format.js';
import { allTo, fieldLines } from './conflict-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  changed: { backgroundColor: tokens.colorPaletteYellowBackground1, fontWeight: tokens.fontWeightSemibold },
  contested: { backgroundColor: tokens.colorPaletteRedBackground1 },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  value: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const KIND_WORDS = {
  held: 'Waiting for you: both sides changed fields that a person must decide.',
  last_write_wins: 'Resolved automatically (the later edit won). You can override it.',
  merged: 'Merged automatically (different fields changed). You can override it.',
  remote_delete:
    'Deleted on the server while you changed it here. Keep theirs to accept the deletion, or keep yours to put it back.',
} as const;

/** Base, mine and theirs side by side; keep mine, keep theirs, or choose field by field. */
export function ConflictDetail({
  conflict,
  onResolved,
}: {
  readonly conflict: ConflictView;
  readonly onResolved: () => void;
}) {
  const styles = useStyles();
  const api = useApi();
  const [choices, setChoices] = useState<Record<string, FieldChoice>>(() => allTo(conflict, 'local'));
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const lines = fieldLines(conflict);
  const open = conflict.status === 'open';

  const apply = async (picked: Record<string, FieldChoice>) => {
    setBusy(true);
    setError(undefined);
    const result = await api.conflicts.resolve({ id: conflict.id, choices: picked });
    setBusy(false);
    if (result.ok) onResolved();
    else setError(result.error);
  };

  const show = (field: string, value: unknown) => formatFieldValue(conflict.entity, field, value);
  const cell = (field: string, value: unknown, changed: boolean, contested: boolean) => (
    <TableCell className={mergeClasses(changed && styles.changed, contested && changed && styles.contested)}>
      <span className={styles.value}>{show(field, value)}</span>
    </TableCell>
  );

  return (
    <div className={styles.root} data-testid="conflict-detail" data-conflict-id={conflict.id}>
      <div>
        <Subtitle2 block>
          {conflict.entityLabel}: {conflict.recordTitle ?? conflict.recordId}
        </Subtitle2>
        <Caption1 className={styles.muted}>
          {KIND_WORDS[conflict.kind]} Found {formatWhen(conflict.createdAt)}; your edit started from version{' '}
          {conflict.baseVersion ?? '—'}, the server is at version {conflict.serverVersion}.
        </Caption1>
      </div>
      <Table size="small" aria-label="Compare versions" data-testid="conflict-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Field</TableHeaderCell>
            <TableHeaderCell>Before (base)</TableHeaderCell>
            <TableHeaderCell>Mine (this computer)</TableHeaderCell>
            <TableHeaderCell>Theirs (server)</TableHeaderCell>
            <TableHeaderCell style={{ width: 120 }}>{open ? 'Keep' : 'Result'}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line) => {
            const baseOf = conflict.base ? line.base : undefined;
            return (
              <TableRow
                key={line.field}
                data-testid="conflict-field"
                data-field={line.field}
                data-contested={line.contested}
              >
                <TableCell>
                  <Text weight={line.contested ? 'semibold' : 'regular'}>{humanize(line.field)}</Text>{' '}
                  {line.contested ? (
                    <Badge size="small" color="danger" appearance="tint">
                      both changed
                    </Badge>
                  ) : null}
                </TableCell>
                {cell(line.field, baseOf, false, false)}
                {cell(line.field, line.local, JSON.stringify(line.local) !== JSON.stringify(baseOf), line.contested)}
                {cell(line.field, line.server, JSON.stringify(line.server) !== JSON.stringify(baseOf), line.contested)}
                <TableCell>
                  {open && line.contested ? (
                    <RadioGroup
                      value={String(choices[line.field] ?? 'local')}
                      onChange={(_, d) => setChoices({ ...choices, [line.field]: d.value as 'local' | 'server' })}
                      aria-label={`Keep which ${humanize(line.field)}`}
                    >
                      <Radio value="local" label="Mine" data-testid={`choose-local-${line.field}`} />
                      <Radio value="server" label="Theirs" data-testid={`choose-server-${line.field}`} />
                    </RadioGroup>
                  ) : !open ? (
                    <span className={styles.value}>{show(line.field, conflict.resolved?.[line.field])}</span>
                  ) : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {open ? (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => apply(allTo(conflict, 'local'))}
            data-testid="keep-mine"
          >
            Keep mine
          </Button>
          <Button disabled={busy} onClick={() => apply(allTo(conflict, 'server'))} data-testid="keep-theirs">
            Keep theirs
          </Button>
          <Button disabled={busy} onClick={() => apply(choices)} data-testid="apply-choices">
            Apply my choices
          </Button>
        </div>
      ) : (
        <Caption1>Resolved {formatWhen(conflict.resolvedAt)}.</Caption1>
      )}
      {error ? <ErrorNotice error={error} context="record" /> : null}
    </div>
  );
}
