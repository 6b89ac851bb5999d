/**
 * `npm run admin -- user add|list|disable|enable|reset-password|set-districts …` — account administration
 * on the server's database (PostgreSQL from DATABASE_URL, or the PGlite in `--data-dir`, default
 * `.data/server`; stop a PGlite server first: only one process may open its data dir).
 *
 *   user add <username> --org <organisationId> [--districts <id,id>|--all-districts] [--name "Display"]
 *   user list
 *   user disable|enable <username>
 *   user reset-password <username>
 *   user set-districts <username> <id,id>|--all-districts
 *   user set-role <username> admin|officer     (admin: manages its organisation's accounts at /api/admin)
 *   user add … --role admin
 *   db new-epoch        after restoring a backup, with every server stopped: devices that synced after
 *                       the backup are told to download again (RESYNC) instead of silently diverging
 *   db purge [--horizon-days 90]   purges tombstones, scope exits and applied-op records older than the
 *                       horizon now (the server also does it every --purge-interval-hours); safe while
 *                       servers run on PostgreSQL
 * Passwords are read from FIELDSYNC_PASSWORD (never a command-line argument, which `ps` shows).
 * The password `add` and `reset-password` set works once: signing in with it asks the user to choose
 * their own before anything else (docs/SERVER.md, "One-time passwords").
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserAdmin, type UserRole } from '../src/server/admin/user-admin.js';
import { openServerDatabase } from '../src/server/db/open-server-database.js';
import { renewEpoch } from '../src/server/sync/feed-head.js';
import { purgeOldHistory } from '../src/server/sync/purge.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import type { Result } from '../src/shared/errors.js';
import type { LocalizedText } from '../src/shared/i18n/message.js';
import { text } from '../src/shared/i18n/message.js';
import { cliTranslator } from './cli-translator.js';

/** Messages for the administrator in the terminal's language (or `--lang`); `list` keeps its tab-separated columns. */
const words = cliTranslator();

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string', default: '.data/server' },
    org: { type: 'string' },
    districts: { type: 'string' },
    'all-districts': { type: 'boolean', default: false },
    name: { type: 'string' },
    role: { type: 'string' },
    'horizon-days': { type: 'string', default: '90' },
    lang: { type: 'string' },
  },
});
const [noun, verb, username, list] = positionals;
const usage = () => {
  console.error(words.t('cli:admin.usage'));
  process.exit(2);
};
if ((noun !== 'user' && noun !== 'db') || !verb) usage();

const password = () => {
  const value = process.env.FIELDSYNC_PASSWORD;
  if (!value) {
    console.error(words.t('cli:admin.needsPassword'));
    process.exit(2);
  }
  return value;
};
const districts = (text: string | undefined) => {
  if (values['all-districts']) return null;
  if (!text) {
    console.error(words.t('cli:admin.needsDistricts'));
    process.exit(2);
  }
  return text.split(',').map((d) => d.trim());
};

const roleOf = (text: string | undefined): UserRole => {
  if (text === 'admin' || text === 'officer') return text;
  console.error(words.t('cli:admin.badRole'));
  process.exit(2);
};

/** `db purge`: history older than the horizon goes now, in batches, as the server's own schedule does. */
async function purge(): Promise<void> {
  const { t } = words;
  const days = Number(values['horizon-days']);
  if (!(days > 0) || !Number.isFinite(days)) {
    console.error(t('cli:admin.purgeHorizon', { value: values['horizon-days'] ?? '' }));
    process.exit(2);
  }
  const report = await purgeOldHistory(database.db, entityGraph, {
    horizonMs: days * 86_400_000,
    now: () => new Date(),
  });
  console.log(
    t('cli:admin.purged', {
      horizon: report.horizon,
      tombstones: report.tombstones,
      scopeExits: report.scopeExits + report.scopeChanges,
      appliedOps: report.appliedOps,
      batches: report.batches,
    }),
  );
}

const pglite = resolve(values['data-dir'], 'pglite');
// Every command works on an existing database: a wrong --data-dir must not create an empty one (or fail
// with a stack trace when its parent folder is missing).
if (!process.env.DATABASE_URL && !existsSync(pglite)) {
  console.error(words.t('cli:admin.noDatabase', { folder: pglite }));
  process.exit(2);
}
const database = await openServerDatabase(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: pglite },
);
const admin = new UserAdmin(database.db);
const report = (result: Result<unknown>, done: LocalizedText) => {
  if (result.ok) console.log(words.say(done));
  else {
    // The server's own sentence (English) after its code, as the server wrote it.
    const { code, message } = result.error;
    console.error(result.error.text ? words.say(result.error.text) : words.t('cli:admin.failed', { code, message }));
    process.exitCode = 1;
  }
};
try {
  if (noun === 'db') {
    if (verb === 'purge') await purge();
    else if (verb !== 'new-epoch') usage();
    else {
      const epoch = await renewEpoch(database.db);
      console.log(words.t('cli:admin.newEpoch', { epoch }));
    }
  } else if (verb === 'list') {
    for (const u of await admin.list()) {
      const scope = u.districtIds ? u.districtIds.join(',') : words.t('cli:admin.wholeOrganisation');
      const state = words.t('cli:admin.state', {
        disabled: u.disabled ? 'yes' : 'no',
        oneTime: u.mustChangePassword ? 'yes' : 'no',
      });
      const sessions = words.t('cli:admin.sessions', { count: u.sessions });
      console.log(`${u.username}\t${u.displayName}\t${u.role}\t${state}\t${sessions}\t${scope}`);
    }
  } else if (!username) usage();
  else if (verb === 'add') {
    if (!values.org) usage();
    const result = await admin.add({
      username,
      password: password(),
      displayName: values.name ?? username,
      organisationId: values.org ?? '',
      districtIds: districts(values.districts),
      role: roleOf(values.role ?? 'officer'),
    });
    report(result, text('cli:admin.added', { user: username }));
  } else if (verb === 'disable' || verb === 'enable') {
    report(
      await admin.setDisabled(username, verb === 'disable'),
      text(verb === 'disable' ? 'cli:admin.disabled' : 'cli:admin.enabled', { user: username }),
    );
  } else if (verb === 'reset-password') {
    report(await admin.resetPassword(username, password()), text('cli:admin.passwordSet', { user: username }));
  } else if (verb === 'set-role') {
    const role = roleOf(list ?? values.role);
    report(await admin.setRole(username, role), text('cli:admin.roleSet', { user: username, role }));
  } else if (verb === 'set-districts') {
    report(
      await admin.setDistricts(username, districts(list ?? values.districts)),
      text('cli:admin.districtsSet', { user: username }),
    );
  } else usage();
} finally {
  await database.close();
}
