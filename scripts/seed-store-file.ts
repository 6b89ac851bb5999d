import { LocalStore } from '../src/main/store/index.js';
import { entityGraph } from '../src/shared/entity-graph.js';
import { type DeploymentProfile, generateDeployment } from '../src/shared/fixtures/index.js';

/** A store file holding a generated deployment at version 1, as a first sync leaves it. */
export function seedStoreFile(path: string, profile: DeploymentProfile): void {
  const store = LocalStore.open({ path });
  for (const batch of generateDeployment({ profile, batchSize: 10_000 })) {
    const def = entityGraph.byName.get(batch.entity);
    if (!def) throw new Error(`unknown ${batch.entity}`);
    const items = batch.records.map((r) => ({
      ...r,
      version: 1,
      updatedAt: '2026-10-01T00:00:00.000Z',
      deleted: false,
    }));
    const applied = store.applyServerPage({ changes: [{ collection: def.collection, items }] });
    if (!applied.ok) throw new Error(applied.error.message);
  }
  store.close();
}
