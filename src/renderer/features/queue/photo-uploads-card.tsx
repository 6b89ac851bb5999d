import {
  Button,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  ProgressBar,
  Subtitle2,
  Text,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { type Ref, useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { PhotoUploadItem } from '../../../shared/ipc/schemas/photos.js';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  card: { flex: '0 0 auto', maxHeight: '40%', display: 'flex', flexDirection: 'column' },
  list: { overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: '6px', margin: 0, padding: 0 },
  row: {
    listStyle: 'none',
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, 1.2fr) minmax(140px, 1.4fr) minmax(120px, 1fr) auto',
    alignItems: 'center',
    gap: '12px',
    padding: '4px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: '6px' },
  advice: { gridColumn: '1 / -1' },
});

/**
 * The real photo upload queue: each file with its visit, bytes, state and error, Retry for what a retry
 * can fix and, for a refusal it cannot, plain words on what to do instead; Remove takes it out.
 */
export function PhotoUploadsCard({ ref }: { readonly ref?: Ref<HTMLDivElement> }) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const [items, setItems] = useState<readonly PhotoUploadItem[]>([]);
  const [failure, setFailure] = useState<AppError>();
  const reload = useCallback(async () => {
    const result = await api.photos.uploads();
    if (result.ok) setItems(result.value.items);
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Upload progress arrives many times a second: read the list again at most twice a second.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const soon = () => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void reload();
    }, 500);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  useAppEvent('photos:progress', soon);
  useAppEvent('sync:finished', soon);
  const act = async (run: () => Promise<{ ok: boolean; error?: AppError }>) => {
    setFailure(undefined);
    const result = await run();
    if (!result.ok) setFailure(result.error);
    await reload();
  };
  return (
    <Card className={styles.card} data-testid="photo-uploads" ref={ref} tabIndex={-1}>
      <CardHeader header={<Subtitle2 as="h2">{t('queue:photoUploads.title')}</Subtitle2>} />
      {failure ? <ErrorNotice error={failure} /> : null}
      {items.length === 0 ? (
        <Caption1 data-testid="photo-uploads-empty">{t('queue:photoUploads.empty')}</Caption1>
      ) : (
        <ul className={styles.list} aria-label={t('queue:photoUploads.listLabel')}>
          {items.map((item) => (
            <UploadRow
              key={item.sha256}
              item={item}
              onRetry={() => act(() => api.photos.retryUpload({ sha256: item.sha256 }))}
              onRemove={() => act(() => api.photos.removeUpload({ sha256: item.sha256 }))}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function UploadRow({
  item,
  onRetry,
  onRemove,
}: {
  readonly item: PhotoUploadItem;
  readonly onRetry: () => void;
  readonly onRemove: () => void;
}) {
  const styles = useStyles();
  const { t, format } = useT();
  const visit =
    item.schoolName && item.visitDate
      ? t('queue:photoUploads.visit', { school: item.schoolName, date: format.date(item.visitDate) })
      : t('queue:photoUploads.unknownVisit');
  const failed = item.state === 'failed';
  return (
    <li className={styles.row} data-testid="photo-upload-row" data-state={item.state} data-permanent={item.permanent}>
      <Text className={styles.name} title={item.fileName} weight="semibold">
        {item.fileName}
      </Text>
      <Text size={200}>{visit}</Text>
      <div>
        <Text size={200} data-testid="photo-upload-state">
          {t('queue:photoUploads.state', { state: item.state })} ·{' '}
          {t('queue:photoUploads.bytes', {
            done: format.fileSize(item.bytesAcked),
            total: format.fileSize(item.size),
          })}
        </Text>
        {item.state === 'uploading' ? (
          <ProgressBar
            value={item.size > 0 ? item.bytesAcked / item.size : undefined}
            aria-label={item.fileName}
            thickness="medium"
          />
        ) : null}
      </div>
      <div className={styles.actions}>
        {failed && !item.permanent ? (
          <Button size="small" onClick={onRetry} data-testid="photo-upload-retry">
            {t('queue:photoUploads.retry')}
          </Button>
        ) : null}
        {item.state !== 'uploading' && item.state !== 'done' ? (
          <Tooltip content={t('queue:photoUploads.removeTip')} relationship="description">
            <Button size="small" appearance="subtle" onClick={onRemove} data-testid="photo-upload-remove">
              {t('queue:photoUploads.remove')}
            </Button>
          </Tooltip>
        ) : null}
      </div>
      {failed && item.error ? (
        <div className={styles.advice} data-testid="photo-upload-advice">
          <ErrorNotice error={item.error} compact intent={item.permanent ? 'error' : 'warning'} />
          <Caption1>
            {item.permanent
              ? item.error.code === 'FILE'
                ? t('queue:photoUploads.permanentFile')
                : t('queue:photoUploads.permanent')
              : t('queue:photoUploads.willRetry')}
          </Caption1>
        </div>
      ) : null}
    </li>
  );
}
