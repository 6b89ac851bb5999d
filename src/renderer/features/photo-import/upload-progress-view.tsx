import { Caption1, Card, Field, makeStyles, ProgressBar, Subtitle2, Text } from '@fluentui/react-components';
import { formatBytes } from '../../components/format.js';
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
  const o = progress.overall;
  const files = [...progress.files.values()];
  return (
    <Card data-testid="upload-progress">
      <Subtitle2>Upload</Subtitle2>
      {o ? (
        <Field
          validationState="none"
          validationMessage={`${o.filesDone} of ${o.filesTotal} photos, ${formatBytes(o.bytesAcked)} of ${formatBytes(o.bytesTotal)}${
            o.bytesPerSecond > 0 ? `, ${formatBytes(o.bytesPerSecond)}/s` : ''
          }${o.etaSeconds !== null && o.etaSeconds > 0 ? `, about ${eta(o.etaSeconds)} left` : ''}${o.filesFailed ? `, ${o.filesFailed} failed` : ''}`}
        >
          <ProgressBar
            value={o.bytesTotal ? o.bytesAcked / o.bytesTotal : 1}
            data-testid="overall-progress"
            data-done={o.filesDone}
            data-total={o.filesTotal}
          />
        </Field>
      ) : (
        <Caption1>Waiting for the upload to start…</Caption1>
      )}
      <div className={styles.files}>
        {files.map((f) => (
          <FileRow
            key={f.sha256}
            name={f.originalName}
            state={f.state}
            value={f.size ? f.bytesAcked / f.size : 1}
            error={f.error?.message}
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
  return (
    <>
      <Text truncate title={name} data-testid="upload-file" data-state={state}>
        {name}
      </Text>
      <Caption1 title={error}>{state}</Caption1>
      <ProgressBar value={value} color={state === 'failed' ? 'error' : state === 'done' ? 'success' : 'brand'} />
    </>
  );
}

function eta(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
