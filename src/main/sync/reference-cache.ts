import type { EntityGraph } from '../../shared/entity/entity-graph.js';

export interface ReferenceCacheOptions {
  readonly graph: EntityGraph;
  /**
   * How long reference data (forms, the administrative hierarchy) is trusted without asking
   * (default `DEFAULT_REFERENCE_TTL_MS`); 0 asks every time.
   */
  readonly ttlMs?: number;
}

/** Six hours: an officer's morning sync brings new forms; hourly syncs in between skip five queries. */
export const DEFAULT_REFERENCE_TTL_MS = 6 * 60 * 60_000;

/**
 * CacheService: decides which collections a sync asks about. Collections of reference data
 * (`referenceData: true` in their declaration) rarely change, so within a TTL they are left out of
 * the request (it names the collections to read, and sends their cursors only): the server reads
 * nothing for them — five of thirteen queries and their cursors on every sync over a 2G link.
 *
 * Freshness is measured on the server's clock only (each type's `lastSyncedAt` against the newest
 * `lastSyncedAt` of any type), so a client clock a day off neither keeps stale data forever nor
 * refetches every time. If a page references a parent the cache left out, the engine calls
 * `invalidate()` and asks again with every collection. If the server answers for collections that
 * were left out (a server that ignores `collections` reads absent cursors from the beginning), the
 * engine drops those answers and calls `unsupported()`: from then on every collection is requested.
 */
export class ReferenceCache {
  private readonly ttlMs: number;
  private forced = false;
  private disabled = false;

  constructor(private readonly options: ReferenceCacheOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_REFERENCE_TTL_MS;
  }

  /** The next requests ask about every collection until a complete sync ("Sync now", a missing parent). */
  invalidate(): void {
    this.forced = true;
  }

  /** The server does not honour partial cursor sets: never leave a collection out again. */
  unsupported(): void {
    this.disabled = true;
  }

  /** Every collection, in topological order. */
  allCollections(): string[] {
    return this.options.graph.ordered.map((d) => d.collection);
  }

  /**
   * Collections to request, in topological order. `lastSyncedAt` is keyed by entity type name
   * (as `LocalStore.lastSyncedAt()` returns it) and holds server times.
   */
  collections(lastSyncedAt: Readonly<Record<string, string | null>>): string[] {
    if (this.forced || this.disabled || this.ttlMs <= 0) return this.allCollections();
    const newest = Math.max(...Object.values(lastSyncedAt).map(parseTime));
    return this.options.graph.ordered
      .filter((def) => !def.referenceData || !(newest - parseTime(lastSyncedAt[def.name] ?? null) < this.ttlMs))
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
