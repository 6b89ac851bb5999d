import { ok, type Result } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { OpenAccount } from '../open-account.js';
import type { CoreContext } from './core-context.js';

type PhotoHandlers = Pick<
  Handlers,
  | 'photos:drives'
  | 'photos:chooseFolder'
  | 'photos:scan'
  | 'photos:commit'
  | 'photos:discard'
  | 'photos:upload'
  | 'photos:forVisit'
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
  };
}
