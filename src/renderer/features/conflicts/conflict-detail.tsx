import { Button, Caption1, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { brokenRules } from '../../../shared/entity/record-rules.js';
import { entityGraph } from '../../../shared/entity-graph.js';
import type { AppError } from '../../../shared/errors.js';
import type { ConflictView, FieldChoice } from '../../../shared/ipc/schemas/conflicts.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { ConflictFieldTable } from './conflict-field-table.js';
import { allTo, fieldLines, previewRecord, sentenceKey } from './conflict-fields.js';
import { BrokenRules, ConflictPreview } from './conflict-preview.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  /**
   * The decision stays in view at the foot of the scrolling detail pane: on a 1280×720 laptop the
   * comparison and the preview fill the pane, and the buttons would otherwise sit below the fold.
   */
  decide: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    position: 'sticky',
    insetBlockEnd: 0,
    paddingBlock: '10px',
    backgroundColor: tokens.colorNeutralBackground2,
    boxShadow: `0 -1px 0 ${tokens.colorNeutralStroke2}`,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Base, mine and theirs side by side; keep mine, keep theirs, or choose field by field. */
export function ConflictDetail({
  conflict,
  onResolved,
}: {
  readonly conflict: ConflictView;
  readonly onResolved: () => void;
}) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const api = useApi();
  const [choices, setChoices] = useState<Record<string, FieldChoice>>(() => allTo(conflict, 'local'));
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const lines = useMemo(() => fieldLines(conflict), [conflict]);
  const def = entityGraph.byName.get(conflict.entity);
  // The record each action would write, checked against the entity's record rules: an action whose
  // record the server would refuse is not offered (the preview says why).
  const check = (picked: Readonly<Record<string, FieldChoice>>) => {
    const record = previewRecord(conflict, picked);
    return { record, broken: record && def ? brokenRules(def, record) : [] };
  };
  const preview = check(choices);
  const mineBroken = check(allTo(conflict, 'local')).broken.length > 0;
  const theirsBroken = check(allTo(conflict, 'server')).broken.length > 0;

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
          {t('conflicts:recordTitle', {
            record: words.kind(conflict.entity),
            title: conflict.recordTitle ? show.title(conflict.recordTitle) : conflict.recordId,
          })}
        </Subtitle2>
        <Caption1 className={styles.muted}>
          {t(sentenceKey(conflict))}{' '}
          {t('conflicts:found', {
            when: show.when(conflict.createdAt),
            base: conflict.baseVersion ?? '—',
            server: conflict.serverVersion,
          })}
        </Caption1>
      </div>
      <ConflictFieldTable
        conflict={conflict}
        lines={lines}
        choices={choices}
        onChoose={(field, side) => setChoices({ ...choices, [field]: side })}
      />
      {conflict.status === 'open' && preview.record ? (
        <ConflictPreview conflict={conflict} lines={lines} record={preview.record} broken={preview.broken} />
      ) : null}
      {conflict.status === 'open' ? (
        <div className={styles.decide} data-testid="conflict-actions">
          <BrokenRules entity={conflict.entity} broken={preview.broken} />
          <div className={styles.actions}>
            <Button
              appearance="primary"
              disabled={busy || mineBroken}
              onClick={() => apply(allTo(conflict, 'local'))}
              data-testid="keep-mine"
            >
              {t('conflicts:keepMine')}
            </Button>
            <Button
              disabled={busy || theirsBroken}
              onClick={() => apply(allTo(conflict, 'server'))}
              data-testid="keep-theirs"
            >
              {t('conflicts:keepTheirs')}
            </Button>
            <Button
              disabled={busy || preview.broken.length > 0}
              onClick={() => apply(choices)}
              data-testid="apply-choices"
            >
              {t('conflicts:applyChoices')}
            </Button>
          </div>
        </div>
      ) : (
        <div className={styles.actions}>
          <Caption1 data-testid="resolved-by">
            {conflict.resolvedBy
              ? t('conflicts:resolvedByAt', { who: conflict.resolvedBy, when: show.when(conflict.resolvedAt) })
              : t('conflicts:resolvedAutoAt', { when: show.when(conflict.resolvedAt) })}
          </Caption1>
          {conflict.resolvedBy === null && !conflict.serverDeleted && Object.keys(conflict.auto).length > 0 ? (
            <Button disabled={busy} onClick={() => apply(allTo(conflict, 'server'))} data-testid="override-theirs">
              {t('conflicts:overrideTheirs')}
            </Button>
          ) : null}
        </div>
      )}
      {error ? <ErrorNotice error={error} context="record" /> : null}
    </div>
  );
}
