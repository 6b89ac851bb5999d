import {
  Button,
  Card,
  CardHeader,
  Field,
  makeStyles,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkRegular, FlagRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ReviewStatusBadge } from '../../components/review-status-badge.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '10px' },
  actions: { display: 'flex', gap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Approve a visit, or flag it with a comment. Works offline: the change waits in the outbox. */
export function ReviewCard({ visit }: { readonly visit: RecordView }) {
  const styles = useStyles();
  const api = useApi();
  const { t, show } = useT();
  const stored = String(visit.fields.reviewComment ?? '');
  const [comment, setComment] = useState(stored);
  // The record changed (a sync, a resolved conflict): show its comment.
  useEffect(() => setComment(stored), [stored]);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const status = visit.fields.reviewStatus as 'pending' | 'approved' | 'flagged';

  const review = async (decision: 'approved' | 'flagged') => {
    setBusy(true);
    setError(undefined);
    const result = await api.visit.review({ visitId: visit.id, decision, comment: comment.trim() || null });
    setBusy(false);
    if (!result.ok) setError(result.error);
  };

  return (
    <Card data-testid="review-card">
      <CardHeader
        header={<Subtitle2>{t('visits:review.title')}</Subtitle2>}
        action={<ReviewStatusBadge status={status} />}
      />
      <div className={styles.body}>
        {visit.fields.reviewedBy ? (
          <Text size={200} className={styles.muted}>
            {t('visits:review.reviewedBy', {
              name: show.value(visit.fields.reviewedBy),
              when: show.when(visit.fields.reviewedAt as string | null),
            })}
          </Text>
        ) : null}
        <Field label={t('visits:review.comment')} hint={t('visits:review.commentHint')}>
          <Textarea
            value={comment}
            onChange={(_, d) => setComment(d.value)}
            resize="vertical"
            data-testid="review-comment"
          />
        </Field>
        <div className={styles.actions}>
          <Button
            appearance="primary"
            icon={<CheckmarkRegular />}
            disabled={busy}
            onClick={() => review('approved')}
            data-testid="approve"
          >
            {t('visits:review.approve')}
          </Button>
          <Button icon={<FlagRegular />} disabled={busy} onClick={() => review('flagged')} data-testid="flag">
            {t('visits:review.flag')}
          </Button>
        </div>
        {visit.localState === 'pending' ? (
          <Text size={200} data-testid="review-saved">
            {t('visits:review.saved')}
          </Text>
        ) : null}
        {error ? <ErrorNotice error={error} context="record" /> : null}
      </div>
    </Card>
  );
}
