import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  ProgressBar,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type {
  DataFolderMoved,
  DataFolderMovePhase,
  DataFolderProgress,
} from '../../../shared/ipc/schemas/data-folder.js';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Sentence } from '../../components/sentence.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  progress: { maxWidth: '560px' },
});

type Outcome = { readonly moved: DataFolderMoved } | { readonly error: AppError };

/** The refusal main answers while a photo scan waits for review (`photoImportOpen` in main). */
const REFUSED_FOR_SCAN = 'settings:dataFolder.refused.photoImport';

/**
 * The data folder and moving it: main copies and checks everything, switches to the copy and only
 * then removes the old one; sync pauses meanwhile, and a bar follows the copy. A failure leaves the
 * data where it was and says why; an old copy that could not be removed is pointed out, not hidden.
 */
export function DataFolderSetting({
  folder,
  onMoved,
}: {
  readonly folder: string;
  readonly onMoved: (s: Settings) => void;
}) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [progress, setProgress] = useState<DataFolderProgress>();
  const [outcome, setOutcome] = useState<Outcome>();
  // Events, not the call, drive the bar: it also shows a move started before this screen opened.
  useAppEvent('dataFolder:progress', (event) => setProgress(event.progress));
  const running = progress !== undefined && progress.phase !== 'finished';

  const move = async () => {
    setAsking(true);
    setOutcome(undefined);
    const result = await api.settings.chooseDataFolder();
    setAsking(false);
    if (!result.ok) setOutcome({ error: result.error });
    else if (result.value.moved) {
      onMoved(result.value.settings);
      setOutcome({ moved: result.value.moved });
    }
  };
  // A scan waiting for review holds the move back: the officer may drop it here and move at once.
  const discardScanAndMove = async () => {
    setAsking(true);
    const discarded = await api.photos.discardAll();
    setAsking(false);
    if (discarded.ok) await move();
    else setOutcome({ error: discarded.error });
  };
  const refusedForScan = outcome && 'error' in outcome && outcome.error.text?.key === REFUSED_FOR_SCAN;
  return (
    <>
      <Text className={styles.path} data-testid="data-folder">
        {folder}
      </Text>
      {outcome && 'error' in outcome ? <ErrorNotice error={outcome.error} /> : null}
      {refusedForScan ? (
        <div className={styles.row}>
          <Button onClick={discardScanAndMove} disabled={asking} data-testid="discard-scan-and-move">
            {t('settings:dataFolder.discardScan')}
          </Button>
        </div>
      ) : null}
      {outcome && 'moved' in outcome ? <MovedNotice moved={outcome.moved} /> : null}
      <div className={styles.row}>
        <Button onClick={move} disabled={asking || running} data-testid="change-data-folder">
          {t('settings:dataFolder.move')}
        </Button>
      </div>
      {running ? <MoveProgressView progress={progress} /> : null}
    </>
  );
}

/** The running move: bytes copied of the total (indeterminate until the total is known). */
function MoveProgressView({ progress }: { readonly progress: DataFolderProgress }) {
  const styles = useStyles();
  const { t, format } = useT();
  const { phase, bytesCopied, bytesTotal } = progress;
  const value = phase === 'preparing' ? undefined : bytesTotal > 0 ? Math.min(1, bytesCopied / bytesTotal) : 1;
  return (
    <Field
      className={styles.progress}
      validationState="none"
      validationMessage={t('settings:dataFolder.progress', {
        phase: phase satisfies DataFolderMovePhase,
        copied: format.fileSize(progress.bytesCopied),
        total: format.fileSize(progress.bytesTotal),
        filesCopied: progress.filesCopied,
        filesTotal: progress.filesTotal,
      })}
    >
      <ProgressBar
        value={value}
        thickness="large"
        aria-label={t('settings:dataFolder.moving')}
        data-testid="data-folder-progress"
        data-phase={phase}
        data-copied={bytesCopied}
        data-total={bytesTotal}
      />
    </Field>
  );
}

/** The move went through; an old copy that is still there is said, with where, as a warning. */
function MovedNotice({ moved }: { readonly moved: DataFolderMoved }) {
  const styles = useStyles();
  const { t, format, say } = useT();
  return (
    <>
      <Caption1 data-testid="data-folder-moved">
        {t('settings:dataFolder.moved', { size: format.fileSize(moved.bytes) })}
      </Caption1>
      {moved.leftBehind ? (
        <MessageBar intent="warning" layout="multiline" data-testid="data-folder-left-behind">
          <MessageBarBody>
            <MessageBarTitle>{t('settings:dataFolder.leftBehindTitle')}</MessageBarTitle>
            <Sentence
              k="settings:dataFolder.leftBehind"
              parts={{
                folder: (
                  <span className={styles.path} data-testid="left-behind-folder">
                    {moved.leftBehind.folder}
                  </span>
                ),
              }}
            />
            <Caption1 block className={styles.path}>
              {say(moved.leftBehind.reason)}
            </Caption1>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
