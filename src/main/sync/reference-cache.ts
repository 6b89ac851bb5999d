import type { EntityGraph } from '../../shared/entity/entity-graph.js';

export interface ReferenceCacheOptions {
  readonly graph: EntityGraph;
  /** How long reference data (forms, the administrative hierarchy) is trusted without asking. */
  readonly ttlMs?: number;
}

export const DEFAULT_REFERENCE_TTL_MS = 6 * 60 * 60_000;

/**
 * CacheService: decides which collections a sync asks about. Collections of reference data
 * (`referenceData: true` in their declaration) rarely change, so within a TTL they are left out of
 * the request — their cursors are not sent and the server reads nothing for them, which is what
 * shrinks a no-op sync on a 2G link.
 *
 * Freshness is measured on the server's clock only (`lastSyncedAt` of each collection against the
 * newest `lastSyncedAt` of any collection), so a client clock a day off cannot keep stale data
 * forever nor refetch every time. If a page ever references a parent the cache left out, the
 * engine calls `invalidate()` and asks again with every collection.
 */
export class ReferenceCache {
  private readonly ttlMs: number;
  private forced = false;

  constructor(private readonly options: ReferenceCacheOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_REFERENCE_TTL_MS;
  }

  /** The next request asks about every collection ("Sync now", a missing parent). */
  invalidate(): void {
    this.forced = true;
  }

  /** Every collection, in topological order. */
  allCollections(): string[] {
    return this.options.graph.ordered.map((d) => d.collection);
  }

  /** Collections to request, in topological order. */
  collections(lastSyncedAt: Readonly<Record<string, string | null>>): string[] {
    const all = this.options.graph.ordered;
    if (this.forced || this.ttlMs <= 0) return this.allCollections();
    const newest = Math.max(...Object.values(lastSyncedAt).map(parseTime));
    return all
      .filter((def) => {
        if (!def.referenceData) return true;
        const last = parseTime(lastSyncedAt[def.collection] ?? null);
        return !(newest - last < this.ttlMs);
      })
      .map((d) => d.collection);
  }

  /** A sync that asked about every collection completed: the TTL runs from here. */
  refreshed(): void {
    this.forced = false;
  }
}

function parseTime(iso: string | null): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}
