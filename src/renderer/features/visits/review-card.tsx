import {
  Button,
  Card,
  CardHeader,
  Field,
  makeStyles,
  Subtitle2,
  Text,
  Textarea,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkRegular, FlagRegular, NextRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ReviewStatusBadge } from '../../components/review-status-badge.js';
import { useT } from '../../state/i18n/use-t.js';
import { openVisit } from './visit-navigator.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '10px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Approve a visit, or flag it with a comment; "and next" then opens the next visit of the worklist
 * (Alt+A, Alt+F). Works offline: the change waits in the outbox.
 */
export function ReviewCard({ visit, next }: { readonly visit: RecordView; readonly next: string | null }) {
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
  // Flagged without a reason: said on the comment, in the screen's words (main's refusal names the key).
  const commentMissing = error?.field === 'comment' && (error.code === 'BAD_REQUEST' || error.code === 'VALIDATION');

  const review = async (decision: 'approved' | 'flagged', thenNext: boolean) => {
    setBusy(true);
    setError(undefined);
    const result = await api.visit.review({ visitId: visit.id, decision, comment: comment.trim() || null });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else if (thenNext && next) openVisit(next);
  };

  // Alt+A approves and Alt+F flags, each then opening the next visit when the worklist has one.
  const latest = useRef({ review, next, busy });
  latest.current = { review, next, busy };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || latest.current.busy) return;
      const decision = event.code === 'KeyA' ? 'approved' : event.code === 'KeyF' ? 'flagged' : null;
      if (!decision) return;
      event.preventDefault();
      void latest.current.review(decision, latest.current.next !== null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
        <Field
          label={t('visits:review.comment')}
          hint={commentMissing ? undefined : t('visits:review.commentHint')}
          validationState={commentMissing ? 'error' : 'none'}
          validationMessage={commentMissing ? t('visits:review.commentRequired') : undefined}
        >
          <Textarea
            value={comment}
            onChange={(_, d) => setComment(d.value)}
            resize="vertical"
            data-testid="review-comment"
          />
        </Field>
        <div className={styles.actions}>
          {next ? (
            <>
              <Tooltip content={t('visits:review.approveNextTip')} relationship="description">
                <Button
                  appearance={status === 'approved' ? 'secondary' : 'primary'}
                  icon={<NextRegular />}
                  disabled={busy}
                  onClick={() => review('approved', true)}
                  data-testid="approve-next"
                >
                  {t('visits:review.approveNext')}
                </Button>
              </Tooltip>
              <Tooltip content={t('visits:review.flagNextTip')} relationship="description">
                <Button
                  icon={<NextRegular />}
                  disabled={busy}
                  onClick={() => review('flagged', true)}
                  data-testid="flag-next"
                >
                  {t('visits:review.flagNext')}
                </Button>
              </Tooltip>
            </>
          ) : null}
          <Tooltip
            content={t(next ? 'visits:review.approveOnlyTip' : 'visits:review.approveTip')}
            relationship="description"
          >
            <Button
              appearance={next || status === 'approved' ? 'secondary' : 'primary'}
              icon={<CheckmarkRegular />}
              disabled={busy}
              onClick={() => review('approved', false)}
              data-testid="approve"
            >
              {t('visits:review.approve')}
            </Button>
          </Tooltip>
          <Tooltip content={t(next ? 'visits:review.flagOnlyTip' : 'visits:review.flagTip')} relationship="description">
            <Button icon={<FlagRegular />} disabled={busy} onClick={() => review('flagged', false)} data-testid="flag">
              {t('visits:review.flag')}
            </Button>
          </Tooltip>
        </div>
        {visit.localState === 'pending' ? (
          <Text size={200} data-testid="review-saved">
            {t('visits:review.saved')}
          </Text>
        ) : null}
        {error && !commentMissing ? <ErrorNotice error={error} context="record" /> : null}
      </div>
    </Card>
  );
}
