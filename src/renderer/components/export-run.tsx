import { Button, Caption1, makeStyles, ProgressBar } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../shared/errors.js';
import type { ArgsOf } from '../../shared/ipc/contract.js';
import { useApi } from '../api/api-context.js';
import { startDownload } from '../api/start-download.js';
import { useAppEvent } from '../api/use-app-event.js';
import { useT } from '../state/i18n/use-t.js';
import { ErrorNotice } from './error-notice.js';
import { officerMessage } from './officer-message.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '6px' },
  progress: { display: 'flex', alignItems: 'center', gap: '12px', maxWidth: '520px' },
  bar: { flex: '1 1 auto' },
});

type Progress = { readonly done: number; readonly total: number };

/** One export at a time from a screen: where to save is asked by main, then rows stream with progress. */
export interface ExportRun {
  readonly running: boolean;
  readonly progress: Progress | undefined;
  /** What the last export did, in words ("120 rows saved to …", "Not saved.", "Export cancelled."). */
  readonly outcome: string | undefined;
  readonly error: AppError | undefined;
  start(args: ArgsOf<'exports:run'>): Promise<void>;
}

/** Runs `exports:run` and follows its `export:progress` events (the reports screen and the worklist). */
export function useExportRun(): ExportRun {
  const api = useApi();
  const w = useT();
  const { t, format } = w;
  const [progress, setProgress] = useState<Progress>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string>();
  const [error, setError] = useState<AppError>();
  useAppEvent('export:progress', (event) => setProgress(event.progress));

  const start = async (args: ArgsOf<'exports:run'>) => {
    setRunning(true);
    setOutcome(undefined);
    setError(undefined);
    setProgress(undefined);
    const result = await api.exports.run(args);
    setRunning(false);
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') setOutcome(officerMessage(w, result.error));
      else setError(result.error);
      return;
    }
    const { path, rows, bytes, downloadUrl } = result.value;
    if (path && downloadUrl) {
      startDownload(downloadUrl);
      setOutcome(t('reports:screen.downloaded', { count: rows, size: format.fileSize(bytes) }));
      return;
    }
    setOutcome(
      path
        ? t('reports:screen.exported', { count: rows, path, size: format.fileSize(bytes) })
        : t('reports:screen.notSaved'),
    );
  };

  return { running, progress, outcome, error, start };
}

/** A running export's rows done of total with its Cancel, then what it did (or why it failed). */
export function ExportRunStatus({ run, label }: { readonly run: ExportRun; readonly label: string }) {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const { running, progress, outcome, error } = run;
  if (!running && !outcome && !error) return null;
  return (
    <div className={styles.root}>
      {running ? (
        <div className={styles.progress}>
          <ProgressBar
            className={styles.bar}
            value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
            aria-label={label}
          />
          <Caption1 data-testid="export-progress">
            {progress
              ? t('reports:screen.exporting', {
                  done: format.number(progress.done),
                  total: format.number(progress.total),
                })
              : t('reports:screen.exportStarting')}
          </Caption1>
          <Button size="small" onClick={() => void api.exports.cancel()} data-testid="export-cancel">
            {t('reports:screen.cancel')}
          </Button>
        </div>
      ) : null}
      {outcome ? <Caption1 data-testid="export-result">{outcome}</Caption1> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
