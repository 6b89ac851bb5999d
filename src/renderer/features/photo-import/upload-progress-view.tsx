import { Caption1, Card, Field, makeStyles, ProgressBar, Subtitle2, Text } from '@fluentui/react-components';
import { officerMessage } from '../../components/officer-message.js';
import { useT } from '../../state/i18n/use-t.js';
import type { PhotoProgressState } from './use-photo-progress.js';

const useStyles = makeStyles({
  files: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 1fr) 90px minmax(120px, 2fr)',
    gap: '4px 12px',
    alignItems: 'center',
    marginTop: '8px',
  },
});

/** Overall upload progress (bytes, rate, time left) and one bar per file. */
export function UploadProgressView({ progress }: { readonly progress: PhotoProgressState }) {
  const styles = useStyles();
  const w = useT();
  const { t, format } = w;
  const o = progress.overall;
  const files = [...progress.files.values()];
  return (
    <Card data-testid="upload-progress">
      <Subtitle2>{t('photo-import:upload.title')}</Subtitle2>
      {o ? (
        <Field
          validationState="none"
          validationMessage={format.list(
            [
              t('photo-import:upload.files', { done: o.filesDone, count: o.filesTotal }),
              t('photo-import:upload.bytes', {
                done: format.fileSize(o.bytesAcked),
                total: format.fileSize(o.bytesTotal),
              }),
              o.bytesPerSecond > 0 ? format.rate(o.bytesPerSecond) : null,
              o.etaSeconds !== null && o.etaSeconds > 0
                ? t('photo-import:upload.left', { time: format.duration(o.etaSeconds) })
                : null,
              o.filesFailed ? t('photo-import:upload.failed', { count: o.filesFailed }) : null,
            ].filter((part): part is string => part !== null),
          )}
        >
          <ProgressBar
            value={o.bytesTotal ? o.bytesAcked / o.bytesTotal : 1}
            data-testid="overall-progress"
            data-done={o.filesDone}
            data-total={o.filesTotal}
          />
        </Field>
      ) : (
        <Caption1>{t('photo-import:upload.waiting')}</Caption1>
      )}
      <div className={styles.files}>
        {files.map((f) => (
          <FileRow
            key={f.sha256}
            name={f.originalName}
            state={f.state}
            value={f.size ? f.bytesAcked / f.size : 1}
            error={f.error ? officerMessage(w, f.error) : undefined}
          />
        ))}
      </div>
    </Card>
  );
}

function FileRow({
  name,
  state,
  value,
  error,
}: {
  name: string;
  state: string;
  value: number;
  error: string | undefined;
}) {
  const { t } = useT();
  return (
    <>
      <Text truncate title={name} data-testid="upload-file" data-state={state}>
        {name}
      </Text>
      <Caption1 title={error}>{t(`photo-import:upload.state.${state as 'queued'}`)}</Caption1>
      <ProgressBar value={value} color={state === 'failed' ? 'error' : state === 'done' ? 'success' : 'brand'} />
    </>
  );
}
