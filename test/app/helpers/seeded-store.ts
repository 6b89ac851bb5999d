import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore, type LocalStoreOptions } from '../../../src/main/store/index.js';
import { entityGraph } from '../../../src/shared/entity-graph.js';
import { type DeploymentProfile, generateDeployment } from '../../../src/shared/fixtures/index.js';

export interface SeededStore {
  readonly store: LocalStore;
  readonly dir: string;
  close(): void;
}

/** A real `LocalStore` in a temp dir holding a generated deployment, applied as server pages at version 1. */
export function seededStore(
  profile: DeploymentProfile = 'tiny',
  options: Omit<Partial<LocalStoreOptions>, 'path'> = {},
): SeededStore {
  const dir = mkdtempSync(join(tmpdir(), 'fieldsync-app-'));
  const store = LocalStore.open({ ...options, path: join(dir, 'store.db') });
  const updatedAt = '2026-10-01T00:00:00.000Z';
  for (const batch of generateDeployment({ profile })) {
    const def = entityGraph.byName.get(batch.entity);
    if (!def) throw new Error(`unknown ${batch.entity}`);
    const items = batch.records.map((r) => ({ ...r, version: 1, updatedAt, deleted: false }));
    const applied = store.applyServerPage({ changes: [{ collection: def.collection, items }] });
    if (!applied.ok) throw new Error(applied.error.message);
  }
  return {
    store,
    dir,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
