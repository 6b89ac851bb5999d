import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  Textarea,
  Tooltip,
} from '@fluentui/react-components';
import { ArrowUndoRegular, CheckmarkRegular, FlagRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { getWorklist, updateWorklist, useWorklist } from '../../state/worklist-state.js';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px' },
});

/** What the officer last heard about a bulk review or its undo. */
type Notice =
  | { readonly kind: 'done'; readonly decision: 'approved' | 'flagged'; readonly changed: number }
  | { readonly kind: 'undone'; readonly restored: number; readonly skipped: number };

/** True when a key press is meant for a text field (Ctrl+Z there undoes typing, not a review). */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * Approve or Flag every selected visit at once (a flag asks one comment for all), and Undo the last
 * bulk review. Alt+A approves, Alt+F flags, Ctrl+Z undoes, as the tooltips say.
 */
export function BulkReviewBar() {
  const styles = useStyles();
  const api = useApi();
  const { t, words } = useT();
  const view = useWorklist();
  const count = view.selected.size;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const [notice, setNotice] = useState<Notice>();
  const [flagging, setFlagging] = useState(false);
  const [comment, setComment] = useState('');

  const review = async (decision: 'approved' | 'flagged', text: string | null) => {
    const visitIds = [...getWorklist().selected];
    if (visitIds.length === 0 || busy) return;
    setBusy(true);
    setError(undefined);
    const result = await api.worklist.review({ visitIds, decision, comment: text });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setFlagging(false);
    setComment('');
    const { bulkId, changed } = result.value;
    updateWorklist({ selected: new Set(), anchor: null, lastBulk: changed > 0 ? { bulkId, decision, changed } : null });
    setNotice({ kind: 'done', decision, changed });
  };

  const undo = async () => {
    const last = getWorklist().lastBulk;
    if (!last || busy) return;
    setBusy(true);
    setError(undefined);
    const result = await api.worklist.undoReview({ bulkId: last.bulkId });
    setBusy(false);
    updateWorklist({ lastBulk: null });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNotice({ kind: 'undone', restored: result.value.restored, skipped: result.value.skipped });
  };

  // Shortcuts, also from the grid: the handlers read the latest selection when they run.
  const actions = useRef({ review, undo, flag: () => setFlagging(true) });
  actions.current = { review, undo, flag: () => setFlagging(true) };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && event.code === 'KeyA' && getWorklist().selected.size > 0) {
        event.preventDefault();
        void actions.current.review('approved', null);
      } else if (event.altKey && !event.ctrlKey && event.code === 'KeyF' && getWorklist().selected.size > 0) {
        event.preventDefault();
        actions.current.flag();
      } else if ((event.ctrlKey || event.metaKey) && event.code === 'KeyZ' && !typing(event.target)) {
        if (!getWorklist().lastBulk) return;
        event.preventDefault();
        void actions.current.undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const status = (decision: 'approved' | 'flagged') => words.value('schoolVisit', 'reviewStatus', decision);
  return (
    <>
      <div className={styles.bar} role="toolbar" aria-label={t('worklist:bulk.label')} data-testid="bulk-bar">
        <Tooltip content={t('worklist:bulk.approveTip')} relationship="description">
          <Button
            icon={<CheckmarkRegular />}
            disabled={count === 0 || busy}
            onClick={() => void review('approved', null)}
            data-testid="bulk-approve"
          >
            {t('worklist:bulk.approve', { count })}
          </Button>
        </Tooltip>
        <Tooltip content={t('worklist:bulk.flagTip')} relationship="description">
          <Button
            icon={<FlagRegular />}
            disabled={count === 0 || busy}
            onClick={() => setFlagging(true)}
            data-testid="bulk-flag"
          >
            {t('worklist:bulk.flag', { count })}
          </Button>
        </Tooltip>
        {view.lastBulk ? (
          <Tooltip content={t('worklist:bulk.undoTip')} relationship="description">
            <Button
              appearance="subtle"
              icon={<ArrowUndoRegular />}
              disabled={busy}
              onClick={() => void undo()}
              data-testid="bulk-undo"
            >
              {t('worklist:bulk.undo', {
                status: status(view.lastBulk.decision),
                count: view.lastBulk.changed,
              })}
            </Button>
          </Tooltip>
        ) : null}
      </div>
      {notice ? (
        <MessageBar intent="success" data-testid="bulk-notice">
          <MessageBarBody>
            {notice.kind === 'done'
              ? t('worklist:bulk.done', { status: status(notice.decision), count: notice.changed })
              : t('worklist:bulk.undone', { count: notice.restored, skipped: notice.skipped })}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" onClick={() => setNotice(undefined)}>
                {t('worklist:bulk.dismiss')}
              </Button>
            }
          />
        </MessageBar>
      ) : null}
      {error ? <ErrorNotice error={error} context="record" /> : null}
      <Dialog open={flagging} onOpenChange={(_, d) => setFlagging(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('worklist:bulk.flagTitle', { count })}</DialogTitle>
            <DialogContent>
              <Field label={t('worklist:bulk.comment')} hint={t('worklist:bulk.commentHint')} required>
                <Textarea
                  value={comment}
                  onChange={(_, d) => setComment(d.value)}
                  resize="vertical"
                  data-testid="bulk-flag-comment"
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setFlagging(false)}>
                {t('worklist:bulk.cancel')}
              </Button>
              <Button
                appearance="primary"
                icon={<FlagRegular />}
                disabled={comment.trim() === '' || busy}
                onClick={() => void review('flagged', comment.trim())}
                data-testid="bulk-flag-confirm"
              >
                {t('worklist:bulk.flagConfirm', { count })}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
