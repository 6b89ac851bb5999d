import { err, ok } from '../../../shared/errors.js';
import { resolveLanguage } from '../../../shared/i18n/languages.js';
import { text as message } from '../../../shared/i18n/message.js';
import { officerError } from '../../../shared/i18n/officer-error.js';
import type { Handlers } from '../../../shared/ipc/handlers.js';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { whyFileFailed } from '../../fs/file-failure.js';
import { retryingFs } from '../../fs/retry-fs.js';
import { createLogger } from '../../log.js';
import { buildDiagnostics, databaseVersion } from '../diagnostics.js';
import { HELP_HOSTS, isAllowedExternalUrl } from '../external-links.js';
import { offered } from '../platform.js';
import type { CoreContext } from './core-context.js';

const pageLog = createLogger('renderer');

type SettingsHandlers = Pick<
  Handlers,
  | 'app:info'
  | 'settings:get'
  | 'settings:set'
  | 'settings:chooseDataFolder'
  | 'settings:dataFolderStatus'
  | 'settings:recoverDataFolder'
  | 'diagnostics:export'
  | 'log:write'
  | 'shell:openExternal'
>;

/** Settings, the data folder (moving it, finding it when missing), diagnostics export, the page's log lines and external links. */
export function settingsHandlers({
  data,
  hub,
  settings,
  session,
  platform,
  translator,
}: CoreContext): SettingsHandlers {
  const current = (): Settings => {
    const { account: _account, ...editable } = settings.value;
    return { ...editable, dataFolder: data.current };
  };
  return {
    'app:info': () =>
      ok({
        appVersion: platform.appVersion,
        dbVersion: databaseVersion(session),
        dataFolder: data.current,
        logFile: platform.logFile,
        transport: platform.transport,
      }),
    'settings:get': () => ok(current()),
    'settings:set': async (patch) => {
      const before = settings.value.syncIntervalMinutes;
      await settings.update(patch);
      const account = session.account();
      if (account.ok && patch.syncIntervalMinutes !== undefined && patch.syncIntervalMinutes !== before) {
        void account.value.reschedule(patch.syncIntervalMinutes);
      }
      // Main's own words (notifications, dialogs) switch with the page, without a restart.
      if (patch.language !== undefined) await translator.setLanguage(resolveLanguage(patch.language, platform.locale));
      return ok(current());
    },
    'settings:chooseDataFolder': async () => {
      // No dialog for a move that would be refused (one runs, or a photo scan is open): say why at once.
      const refused = data.whyNotNow();
      if (refused) return err(refused);
      const folder = await platform.chooseFolder();
      if (!folder) return ok({ settings: current(), moved: null });
      const moved = await data.moveTo(folder, (progress) => hub.emit({ kind: 'dataFolder:progress', progress }));
      if (!moved.ok) return moved;
      const { from, to, bytes, files, databases, leftBehind } = moved.value;
      return ok({ settings: current(), moved: { from, to, bytes, files, databases, leftBehind } });
    },
    'settings:dataFolderStatus': () => ok(data.status()),
    'settings:recoverDataFolder': ({ action }) => data.recover(action),
    'diagnostics:export': async () => {
      const name = `fieldsync-diagnostics-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
      const path = await platform.chooseSaveFile(name);
      if (!path) return ok({ path: null, bytes: 0 });
      const text = buildDiagnostics({
        appVersion: platform.appVersion,
        transport: platform.transport,
        logFile: platform.logFile,
        settings,
        session,
      });
      // Saved where the officer chose (often Desktop or Documents, which OneDrive and the antivirus watch).
      try {
        await retryingFs.writeFileAtomic(path, text);
      } catch (e) {
        const said = message('settings:diagnostics.saveFailed', { path, why: { text: whyFileFailed(e) } });
        return err(officerError('FILE', said, { detail: e instanceof Error ? e.message : String(e) }));
      }
      return ok({ path, bytes: Buffer.byteLength(text), ...offered(platform, path) });
    },
    'log:write': ({ level, message }) => {
      pageLog[level](message);
      return ok(null);
    },
    'shell:openExternal': async ({ url }) => {
      const server = settings.value.serverUrl ? new URL(settings.value.serverUrl).hostname : null;
      if (!isAllowedExternalUrl(url, [...HELP_HOSTS, ...(server ? [server] : [])])) {
        return err(officerError('FORBIDDEN', message('settings:externalRefused'), { detail: url }));
      }
      await platform.openExternal(url);
      return ok(null);
    },
  };
}
