import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDialect, writeMigration } from '../../../scripts/migrations/migration-writer.js';
import { migrationTargets } from '../../../scripts/migrations/targets.js';
import { LocalStore } from '../../../src/main/store/local-store.js';
import { buildStoreSchema } from '../../../src/main/store/schema/index.js';
import { declaredEntities } from '../../../src/shared/entities/index.js';
import type { EntityDef } from '../../../src/shared/entity/define-entity.js';
import { createEntityGraph } from '../../../src/shared/entity/entity-graph.js';

/**
 * A store file in `dir` whose graph declares `extra` entity types besides the app's, with their tables
 * made by a generated migration named `name`, as a developer adding a type would do it. Returns the
 * migration's tag and SQL too.
 */
export async function openStoreWithEntities(dir: string, extra: readonly EntityDef[], name: string) {
  const graph = createEntityGraph([...declaredEntities, ...extra]);
  const folder = join(dir, 'sqlite');
  cpSync(resolve(import.meta.dirname, '../../../drizzle/sqlite'), folder, { recursive: true });
  // Everything the store file's migrations cover today, with the entity tables derived from the new graph.
  const target = migrationTargets.find((t) => t.dialect === 'sqlite');
  const tables = { ...(await target?.tables()), ...buildStoreSchema(graph).all };
  const tag = await writeMigration(await loadDialect('sqlite'), folder, tables, name);
  const sql = readFileSync(join(folder, `${tag}.sql`), 'utf8');
  const store = LocalStore.open({ path: join(dir, 'store.db'), migrationsFolder: folder, graph });
  return { store, tag, sql };
}
