import { describe, expect, it } from 'vitest';
import { ReferenceCache } from '../../src/main/sync/reference-cache.js';
import { entityGraph } from '../../src/shared/entity-graph.js';

const hour = 60 * 60_000;
const reference = entityGraph.ordered.filter((d) => d.referenceData).map((d) => d.collection);
const everyday = entityGraph.ordered.filter((d) => !d.referenceData).map((d) => d.collection);
const at = (ms: number) => new Date(Date.UTC(2025, 0, 15) + ms).toISOString();

/** Every collection last synced at `t`, reference data at `refT`. */
function synced(t: number, refT: number | null) {
  return Object.fromEntries(
    entityGraph.ordered.map((d) => [d.name, d.referenceData ? (refT === null ? null : at(refT)) : at(t)]),
  );
}

describe('ReferenceCache', () => {
  it('declares some collections as reference data and keeps the topological order', () => {
    expect(reference.length).toBeGreaterThan(0);
    expect(new ReferenceCache({ graph: entityGraph }).collections({})).toEqual(
      entityGraph.ordered.map((d) => d.collection),
    );
  });

  it('leaves reference data out while it is younger than the TTL, on the server clock', () => {
    const cache = new ReferenceCache({ graph: entityGraph, ttlMs: 6 * hour });
    expect(cache.collections(synced(5 * hour, 0))).toEqual(everyday);
    expect(cache.collections(synced(7 * hour, 0))).toEqual(entityGraph.ordered.map((d) => d.collection));
  });

  it('asks for reference data that was never synced', () => {
    const cache = new ReferenceCache({ graph: entityGraph });
    expect(cache.collections(synced(0, null))).toEqual(expect.arrayContaining(reference));
  });

  it('asks for everything, for good, once the server turned out not to honour partial requests', () => {
    const cache = new ReferenceCache({ graph: entityGraph, ttlMs: 6 * hour });
    cache.unsupported();
    cache.refreshed();
    expect(cache.collections(synced(hour, 0))).toHaveLength(entityGraph.ordered.length);
  });

  it('asks for everything after invalidate() until a full sync completes', () => {
    const cache = new ReferenceCache({ graph: entityGraph, ttlMs: 6 * hour });
    cache.invalidate();
    expect(cache.collections(synced(hour, 0))).toHaveLength(entityGraph.ordered.length);
    cache.refreshed();
    expect(cache.collections(synced(hour, 0))).toEqual(everyday);
  });
});
