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
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserAdmin, type UserRole } from '../src/server/admin/user-admin.js';
import { openServerDatabase } from '../src/server/db/open-server-database.js';
import { renewEpoch } from '../src/server/sync/feed-head.js';
import { purgeOldHistory } from '../src/server/sync/purge.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import type { Result } from '../src/shared/errors.js';
import { cliTranslator } from './cli-translator.js';

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
  console.error(
    'usage: npm run admin -- user add|list|disable|enable|reset-password|set-districts|set-role …, or db new-epoch|purge (see scripts/admin-cli.ts)',
  );
  process.exit(2);
};
if ((noun !== 'user' && noun !== 'db') || !verb) usage();

const password = () => {
  const value = process.env.FIELDSYNC_PASSWORD;
  if (!value) {
    console.error('Set FIELDSYNC_PASSWORD to the new password (not on the command line)');
    process.exit(2);
  }
  return value;
};
const districts = (text: string | undefined) => {
  if (values['all-districts']) return null;
  if (!text) {
    console.error('Name the districts (--districts <id,id>) or --all-districts');
    process.exit(2);
  }
  return text.split(',').map((d) => d.trim());
};

const roleOf = (text: string | undefined): UserRole => {
  if (text === 'admin' || text === 'officer') return text;
  console.error('The role is admin or officer');
  process.exit(2);
};

/** `db purge`: history older than the horizon goes now, in batches, as the server's own schedule does. */
async function purge(): Promise<void> {
  const { t } = cliTranslator();
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

const database = await openServerDatabase(
  process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: resolve(values['data-dir'], 'pglite') },
);
const admin = new UserAdmin(database.db);
const report = (result: Result<unknown>, done: string) => {
  if (result.ok) console.log(done);
  else {
    console.error(`${result.error.code}: ${result.error.message}`);
    process.exitCode = 1;
  }
};
try {
  if (noun === 'db') {
    if (verb === 'purge') await purge();
    else if (verb !== 'new-epoch') usage();
    else {
      const epoch = await renewEpoch(database.db);
      console.log(`new database epoch ${epoch}: every device will download its copy again at its next sync`);
    }
  } else if (verb === 'list') {
    for (const u of await admin.list()) {
      const scope = u.districtIds ? u.districtIds.join(',') : 'whole organisation';
      console.log(
        `${u.username}\t${u.displayName}\t${u.role}\t${u.disabled ? 'DISABLED' : 'active'}\t${u.sessions} sessions\t${scope}`,
      );
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
    report(result, `added ${username}`);
  } else if (verb === 'disable' || verb === 'enable') {
    report(await admin.setDisabled(username, verb === 'disable'), `${verb}d ${username}`);
  } else if (verb === 'reset-password') {
    report(await admin.resetPassword(username, password()), `new password set for ${username}; sessions ended`);
  } else if (verb === 'set-role') {
    const role = roleOf(list ?? values.role);
    report(
      await admin.setRole(username, role),
      `${username} is now ${role === 'admin' ? 'an administrator' : 'an officer'}`,
    );
  } else if (verb === 'set-districts') {
    report(await admin.setDistricts(username, districts(list ?? values.districts)), `districts of ${username} set`);
  } else usage();
} finally {
  await database.close();
}
