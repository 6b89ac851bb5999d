import { storeSchema } from '../../src/main/store/schema/index.js';
import { serverSchema } from '../../src/server/db/schema/index.js';
import { serverPhotoTables } from '../../src/server/photos/photo-tables.js';
import type { MigrationDialect } from './migration-writer.js';

/** Every database whose migrations are generated from the entity declarations. */
export interface MigrationTarget {
  readonly label: string;
  readonly dialect: MigrationDialect['name'];
  /** Folder under the repository root. */
  readonly folder: string;
  tables(): Promise<Record<string, unknown>>;
}

export const migrationTargets: MigrationTarget[] = [
  {
    label: 'local store (SQLite)',
    dialect: 'sqlite',
    folder: 'drizzle/sqlite',
    // The photo pipeline's local tables (library, upload queue) are part of the store's schema.
    tables: async () => storeSchema.all,
  },
  {
    label: 'server (PostgreSQL)',
    dialect: 'postgresql',
    folder: 'drizzle/pg',
    // Photo upload sessions, their parts and each organisation's blobs live beside the entity tables.
    tables: async () => ({ ...serverSchema.all, ...serverPhotoTables }),
  },
];
