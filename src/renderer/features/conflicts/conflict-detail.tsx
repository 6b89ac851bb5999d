import { Button, Caption1, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { ConflictView, FieldChoice } from '../../../shared/ipc/schemas/conflicts.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatWhen } from '../../components/format.js';
import { ConflictFieldTable } from './conflict-field-table.js';
import { allTo, fieldLines } from './conflict-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
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

  const apply = async (picked: Record<string, FieldChoice>) => {
    setBusy(true);
    setError(undefined);
    const result = await api.conflicts.resolve({ id: conflict.id, choices: picked });
    setBusy(false);
    if (result.ok) onResolved();
    else setError(result.error);
  };

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
      <ConflictFieldTable
        conflict={conflict}
        lines={fieldLines(conflict)}
        choices={choices}
        onChoose={(field, side) => setChoices({ ...choices, [field]: side })}
      />
      {conflict.status === 'open' ? (
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
