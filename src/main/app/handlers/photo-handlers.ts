import { type AppError, err, ok, type Result } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import { PERMANENT_UPLOAD_ERRORS } from '../../../shared/ipc/schemas/photos.js';
import { isShaMismatch } from '../../photos/upload/upload-one.js';
import type { OpenAccount } from '../open-account.js';
import type { CoreContext } from './core-context.js';

type PhotoHandlers = Pick<
  Handlers,
  | 'photos:drives'
  | 'photos:chooseFolder'
  | 'photos:scan'
  | 'photos:openScan'
  | 'photos:scanPage'
  | 'photos:thumbnails'
  | 'photos:review'
  | 'photos:discardAll'
  | 'photos:commit'
  | 'photos:discard'
  | 'photos:upload'
  | 'photos:forVisit'
  | 'photos:image'
  | 'photos:uploads'
  | 'photos:retryUpload'
  | 'photos:removeUpload'
  | 'photos:inbox'
  | 'photos:inboxThumbnails'
  | 'photos:inboxAssign'
  | 'photos:inboxRemove'
>;

/**
 * The import screen's channels, bound to the signed-in account's photo pipeline. Scan progress and
 * upload progress reach the page as `photos:progress` events; an import starts a sync, whose photos
 * phase uploads.
 */
export function photoHandlers({ session, hub, platform }: CoreContext): PhotoHandlers {
  const withAccount =
    <A, T>(run: (account: OpenAccount, args: A) => Promise<Result<T>> | Result<T>) =>
    async (args: A): Promise<Result<T>> => {
      const account = session.account();
      return account.ok ? run(account.value, args) : account;
    };
  return {
    'photos:drives': withAccount(async (a) => {
      const drives = await a.photos.drives();
      return drives.ok ? ok(drives.value.map((d) => ({ ...d, mountpoints: [...d.mountpoints] }))) : drives;
    }),
    'photos:chooseFolder': async () => ok(await platform.chooseFolder()),
    'photos:scan': withAccount((a, { path }) =>
      a.photos.scan(path, (progress) => hub.emit({ kind: 'photos:progress', progress })),
    ),
    'photos:openScan': withAccount((a) => a.photos.openScan()),
    'photos:scanPage': withAccount((a, { scanId, offset, limit }) => a.photos.scanPage(scanId, offset, limit)),
    'photos:thumbnails': withAccount(async (a, { scanId, sha256s }) => {
      const items = await a.photos.thumbnails(scanId, sha256s);
      return items.ok ? ok({ items: items.value }) : items;
    }),
    'photos:review': withAccount((a, { scanId, sha256s, change }) => a.photos.review(scanId, sha256s, change)),
    'photos:discardAll': withAccount((a) => a.photos.discardAll()),
    'photos:commit': withAccount(async (a, { scanId, assignments }) => {
      const report = await a.photos.commit(scanId, assignments);
      if (report.ok && report.value.imported > 0) a.edited(['photo']);
      return report.ok
        ? ok({
            ...report.value,
            duplicates: [...report.value.duplicates],
            skipped: [...report.value.skipped],
            warnings: [...report.value.warnings],
          })
        : report;
    }),
    'photos:discard': withAccount((a, { scanId }) => a.photos.discard(scanId)),
    'photos:upload': withAccount((a) => {
      void a.syncNow();
      return ok(a.photos.counts());
    }),
    'photos:forVisit': withAccount(async (a, { id }) => ok({ items: await a.photos.forVisit(id) })),
    'photos:image': withAccount((a, { sha256 }) => a.photos.image(sha256)),
    'photos:uploads': withAccount((a) =>
      ok({
        items: a.store.read.photoUploads(200).map((row) => ({ ...row, permanent: isPermanent(row.state, row.error) })),
      }),
    ),
    'photos:retryUpload': withAccount((a, { sha256 }) => {
      const row = a.store.photoUploads.get(sha256);
      if (row && isPermanent(row.state, row.lastError)) {
        return err(officerError('BAD_REQUEST', text('errors:photo.refusedForGood')));
      }
      const queued = a.store.photoUploads.retryOne(sha256, new Date().toISOString());
      if (queued) void a.syncNow();
      return ok(queued);
    }),
    'photos:removeUpload': withAccount((a, { sha256 }) => {
      const row = a.store.photoUploads.get(sha256);
      if (!row || !a.store.photoUploads.removeOne(sha256)) return ok(false);
      // The photo record goes too, or the server would keep a photo whose image never arrives.
      const removed = a.store.deleteRecord('photo', row.photoId);
      if (!removed.ok && removed.error.code !== 'NOT_FOUND') return removed;
      a.edited(['photo']);
      return ok(true);
    }),
    'photos:inbox': withAccount((a, { offset, limit }) => ok(a.photoInbox.page(offset, limit))),
    'photos:inboxThumbnails': withAccount(async (a, { sha256s }) =>
      ok({ items: await a.photoInbox.thumbnails(sha256s) }),
    ),
    // Their records sync and their uploads run like an import's.
    'photos:inboxAssign': withAccount((a, { sha256s, schoolVisitId }) => {
      const assigned = a.photoInbox.assign(sha256s, schoolVisitId);
      if (!assigned.ok) return assigned;
      if (assigned.value > 0) a.edited(['photo']);
      return ok({ changed: assigned.value });
    }),
    'photos:inboxRemove': withAccount(async (a, { sha256s }) => {
      const removed = await a.photoInbox.remove(sha256s);
      return removed.ok ? ok({ changed: removed.value }) : removed;
    }),
  };
}

const PERMANENT = new Set<string>(PERMANENT_UPLOAD_ERRORS);

/** A failed upload whose error retrying cannot change (a photo damaged on the way is sent again). */
function isPermanent(state: string, error: AppError | null): boolean {
  return state === 'failed' && error !== null && PERMANENT.has(error.code) && !isShaMismatch(error);
}
