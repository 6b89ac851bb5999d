import {
  Button,
  Caption1,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import { INBOX_PAGE_SIZE, type InboxPageView, type InboxPhotoView } from '../../../shared/ipc/schemas/photos.js';
import { nearestVisits } from '../../../shared/photos/nearest-visits.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { PhotoTileFrame } from './photo-tile-frame.js';
import { ReviewToolbar } from './review-toolbar.js';
import { useScanThumbnails } from './use-scan-thumbnails.js';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: '8px' },
  title: { margin: 0 },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px' },
  pager: { display: 'flex', gap: '8px', alignItems: 'center' },
});

/**
 * The photo inbox: photos imported without a visit, kept on this PC. Tick photos, pick a visit (the
 * nearest to them first) and move them there — they then sync and upload like any import — or delete
 * them from this PC. Shows nothing while the inbox is empty. `version` re-reads it (after an import).
 */
export function PhotoInboxView({ version = 0 }: { readonly version?: number }) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<InboxPageView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState('');
  const [asking, setAsking] = useState(false);
  const [reads, setReads] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` and `reads` ask for a fresh read.
  useEffect(() => {
    let live = true;
    void api.photos.inbox({ offset, limit: INBOX_PAGE_SIZE }).then((result) => {
      if (!live) return;
      if (!result.ok) setError(result.error);
      // A page emptied by the last move: go back one.
      else if (result.value.items.length === 0 && offset > 0) setOffset(Math.max(0, offset - INBOX_PAGE_SIZE));
      else setPage(result.value);
    });
    return () => {
      live = false;
    };
  }, [api, offset, version, reads]);
  const items = page?.items ?? [];
  const ranked = useMemo(
    () =>
      nearestVisits(
        items.filter((p) => selected.has(p.sha256)),
        page?.visits ?? [],
      ),
    [items, selected, page],
  );
  const nearest = selected.size > 0 ? ranked[0]?.visit.id : undefined;
  // The nearest visit becomes the target when the ticked photos change it; the officer's pick stays.
  const firstVisit = page?.visits[0]?.id;
  useEffect(() => {
    if (nearest) setTarget(nearest);
  }, [nearest]);
  useEffect(() => {
    if (firstVisit) setTarget((before) => before || firstVisit);
  }, [firstVisit]);
  const { thumbnails, want } = useScanThumbnails('inbox');
  useEffect(() => {
    for (const p of items) if (p.hasThumbnail) want(p.sha256);
  }, [items, want]);
  const toggle = useCallback((sha: string, on: boolean) => {
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(sha);
      else next.delete(sha);
      return next;
    });
  }, []);
  const changed = (result: { ok: true } | { ok: false; error: AppError }) => {
    if (!result.ok) setError(result.error);
    else {
      setError(null);
      setSelected(new Set());
    }
    setReads((n) => n + 1);
  };
  const move = async (visitId: string | null) => {
    if (!visitId) return;
    changed(await api.photos.inboxAssign({ sha256s: [...selected], schoolVisitId: visitId }));
  };
  const remove = async () => {
    setAsking(false);
    changed(await api.photos.inboxRemove({ sha256s: [...selected] }));
  };

  if (!page || page.count === 0) return error ? <ErrorNotice error={error} /> : null;
  const last = Math.min(page.count, offset + items.length);
  return (
    <Card className={styles.card} data-testid="photo-inbox" data-count={page.count}>
      <Subtitle2 as="h2" className={styles.title}>
        {t('photo-import:inbox.title', { count: page.count })}
      </Subtitle2>
      <Text>{t('photo-import:inbox.explain')}</Text>
      {error ? <ErrorNotice error={error} /> : null}
      <ReviewToolbar
        visits={ranked}
        selectedCount={selected.size}
        target={target}
        onTarget={setTarget}
        onSelectAll={() => setSelected(new Set(items.map((p) => p.sha256)))}
        onMove={(visitId) => void move(visitId)}
        noVisit={false}
      >
        <Button size="small" disabled={selected.size === 0} onClick={() => setAsking(true)} data-testid="inbox-delete">
          {t('photo-import:inbox.delete')}
        </Button>
      </ReviewToolbar>
      <div className={styles.tiles}>
        {items.map((p) => (
          <InboxTile
            key={p.sha256}
            photo={p}
            thumbnail={thumbnails.get(p.sha256)}
            selected={selected.has(p.sha256)}
            onToggle={toggle}
          />
        ))}
      </div>
      {page.count > items.length ? (
        <div className={styles.pager}>
          <Button size="small" disabled={offset === 0} onClick={() => setOffset(offset - INBOX_PAGE_SIZE)}>
            {t('photo-import:inbox.previous')}
          </Button>
          <Caption1>{t('photo-import:inbox.shown', { from: offset + 1, to: last, count: page.count })}</Caption1>
          <Button size="small" disabled={last >= page.count} onClick={() => setOffset(offset + INBOX_PAGE_SIZE)}>
            {t('photo-import:inbox.next')}
          </Button>
        </div>
      ) : null}
      <Dialog open={asking} onOpenChange={(_, d) => setAsking(d.open)}>
        <DialogSurface data-testid="inbox-delete-dialog">
          <DialogBody>
            <DialogTitle>{t('photo-import:inbox.deleteTitle', { count: selected.size })}</DialogTitle>
            <DialogContent>{t('photo-import:inbox.deleteBody', { count: selected.size })}</DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setAsking(false)}>
                {t('photo-import:inbox.keep')}
              </Button>
              <Button appearance="primary" onClick={() => void remove()} data-testid="inbox-delete-confirm">
                {t('photo-import:inbox.deleteConfirm', { count: selected.size })}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}

/** An inbox photo: its preview, a checkbox with its name, and when it was taken. */
function InboxTile({
  photo,
  thumbnail,
  selected,
  onToggle,
}: {
  readonly photo: InboxPhotoView;
  readonly thumbnail: string | null | undefined;
  readonly selected: boolean;
  readonly onToggle: (sha256: string, on: boolean) => void;
}) {
  const { t, format } = useT();
  return (
    <PhotoTileFrame
      sha256={photo.sha256}
      name={photo.originalName}
      path={photo.sourcePath}
      hasThumbnail={photo.hasThumbnail}
      thumbnailError={photo.thumbnailError}
      thumbnail={thumbnail}
      selected={selected}
      onToggle={onToggle}
      caption={photo.capturedAt ? format.dateTime(photo.capturedAt) : t('photo-import:inbox.noDate')}
      data={{ 'data-testid': 'inbox-photo' }}
    />
  );
}
