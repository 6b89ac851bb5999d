/**
 * `npm run db:generate -- [--name <what_changed>] [--check]`
 * Generates the next migration of every target from the entity declarations (drizzle-kit's API).
 * `--check` writes nothing and exits 1 when a migration is missing (CI and tests use it).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDialect, pendingStatements, writeMigration } from './migrations/migration-writer.js';
import { migrationTargets } from './migrations/targets.js';

const { values } = parseArgs({ options: { name: { type: 'string', default: 'schema' }, check: { type: 'boolean' } } });
const root = resolve(import.meta.dirname, '..');
let missing = 0;
for (const target of migrationTargets) {
  const dialect = await loadDialect(target.dialect);
  const folder = resolve(root, target.folder);
  const tables = await target.tables();
  if (values.check) {
    const { statements } = await pendingStatements(dialect, folder, tables);
    if (statements.length > 0) {
      missing++;
      console.error(`${target.label}: ${statements.length} statement(s) not in a migration; run npm run db:generate`);
    } else console.log(`${target.label}: migrations are current`);
    continue;
  }
  const tag = await writeMigration(dialect, folder, tables, values.name ?? 'schema');
  console.log(tag ? `${target.label}: wrote ${target.folder}/${tag}.sql` : `${target.label}: no changes`);
}
process.exit(missing > 0 ? 1 : 0);
