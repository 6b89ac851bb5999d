import type {
  WorklistCounts,
  WorklistFacets,
  WorklistFilter,
  WorklistNeighbours,
  WorklistQuery,
  WorklistRow,
  WorklistSort,
} from '../../../shared/ipc/schemas/worklist.js';
import type { RecordReader } from './record-reader.js';
import {
  type VisitConditions,
  type VisitWhere,
  visitFrom,
  visitOrder,
  visitPhotoCount,
  visitWhere,
} from './visit-conditions.js';

/**
 * The review worklist in SQL: one statement per combination of filters and sort (prepared once),
 * so a page costs an index walk or one sort of the matching visits, never a load of every row.
 * `today` (`YYYY-MM-DD`, the store's clock) decides which follow-ups are due.
 */
export class WorklistReads {
  constructor(
    private readonly reader: RecordReader,
    private readonly today: () => string,
  ) {}

  /** A page of the chosen tab, with the count of every tab under the same filters. */
  page(
    query: WorklistQuery,
    offset: number,
    limit: number,
  ): { items: WorklistRow[]; total: number; counts: WorklistCounts } {
    const where = this.where(query.filter, query.tab);
    const rows = this.reader
      .prepare(
        `worklist:page:${where.key}:${query.sort}:${query.descending}`,
        () => `${this.select()} ${this.from()} where ${where.sql} order by ${this.order(query.sort, query.descending)}
          limit @limit offset @offset`,
      )
      .all({ ...where.bind, limit, offset }) as RawRow[];
    const counts = this.counts(query.filter);
    return { items: rows.map(toRow), total: counts[query.tab], counts };
  }

  /** Visits per tab under these filters (the tab counts stay visible whatever tab is chosen). */
  counts(filter: WorklistFilter): WorklistCounts {
    const where = this.where(filter, 'all');
    const review = this.reader.column('reviewStatus', 'v');
    const rows = this.reader
      .prepare(
        `worklist:counts:${where.key}`,
        () =>
          `select ${review} as review, count(*) as n ${this.from(where.joins)} where ${where.sql} group by ${review}`,
      )
      .all(where.bind) as { review: string; n: number }[];
    const counts: WorklistCounts = { pending: 0, flagged: 0, approved: 0, all: 0 };
    for (const { review: status, n } of rows) {
      if (status === 'pending' || status === 'flagged' || status === 'approved') counts[status] = n;
      counts.all += n;
    }
    return counts;
  }

  /** The ids of the matching visits in the list's order (select all, bulk review), at most `limit`. */
  ids(query: WorklistQuery, limit: number): { ids: string[]; total: number } {
    const where = this.where(query.filter, query.tab);
    const ids = this.reader
      .prepare(
        `worklist:ids:${where.key}:${query.sort}:${query.descending}`,
        () =>
          `select v.id as id ${this.from()} where ${where.sql} order by ${this.order(query.sort, query.descending)} limit @limit`,
      )
      .pluck()
      .all({ ...where.bind, limit }) as string[];
    return { ids, total: this.counts(query.filter)[query.tab] };
  }

  /** The visits on either side of `visitId` in the list's order ("Approve and next"). */
  neighbours(query: WorklistQuery, visitId: string): WorklistNeighbours {
    const where = this.where(query.filter, query.tab);
    const row = this.reader
      .prepare(
        `worklist:neighbours:${where.key}:${query.sort}:${query.descending}`,
        () => `with ordered as (
            select v.id as id, row_number() over (order by ${this.order(query.sort, query.descending)}) as n
            ${this.from()} where ${where.sql})
          select me.n as position,
            (select id from ordered where n = me.n - 1) as previous,
            (select id from ordered where n = me.n + 1) as next,
            (select count(*) from ordered) as total
          from ordered me where me.id = @visit`,
      )
      .get({ ...where.bind, visit: visitId }) as
      | { position: number; previous: string | null; next: string | null; total: number }
      | undefined;
    if (row) return row;
    return { previous: null, next: null, position: null, total: this.counts(query.filter)[query.tab] };
  }

  /** The districts and the monitors (of the chosen district) the filters offer. */
  facets(districtId: string | undefined): WorklistFacets {
    const r = this.reader;
    const districts = r
      .prepare(
        'worklist:districts',
        () => `select d.id as id, ${r.column('name', 'd')} as name from ${r.table('district')} d
          where d._deleted = 0 and exists (select 1 from ${r.table('school')} s
            where ${r.column('districtId', 's')} = d.id and s._deleted = 0)`,
      )
      .all() as { id: string; name: string }[];
    districts.sort((a, b) => naturalCompare(a.name, b.name));
    const monitor = r.column('monitorName', 'v');
    const monitors = (
      districtId === undefined
        ? r.prepare(
            'worklist:monitors',
            () => `select distinct ${monitor} from ${r.table('schoolVisit')} v where v._deleted = 0 order by 1`,
          )
        : r.prepare(
            'worklist:monitors:d',
            () => `select distinct ${monitor} ${this.from(new Set(['s'] as const))}
              where v._deleted = 0 and ${r.column('districtId', 's')} = @district order by 1`,
          )
    )
      .pluck()
      .all(districtId === undefined ? {} : { district: districtId }) as string[];
    return { districts, monitors };
  }

  /** The `where` of the worklist's filters under a tab (shared with the visit exports). */
  private where(filter: WorklistFilter, tab: WorklistQuery['tab']): VisitWhere {
    return visitWhere(this.reader, worklistConditions({ filter, tab }), this.today);
  }

  private order(sort: WorklistSort, descending: boolean): string {
    return visitOrder(this.reader, sort, descending);
  }

  private select(): string {
    const r = this.reader;
    return `select v.id as id, ${r.column('schoolId', 'v')} as schoolId, ${r.column('name', 's')} as schoolName,
      d.id as districtId, ${r.column('name', 'd')} as districtName,
      ${r.column('visitDate', 'v')} as visitDate, ${r.column('monitorName', 'v')} as monitorName,
      ${r.column('status', 'v')} as status, ${r.column('reviewStatus', 'v')} as reviewStatus,
      ${r.column('reviewComment', 'v')} as reviewComment, ${r.column('followUpDate', 'v')} as followUpDate,
      ${visitPhotoCount(r)} as photos,
      v._local_state as localState,
      exists (select 1 from conflicts c where c.entity = 'schoolVisit' and c.record_id = v.id and c.status = 'open') as conflicted`;
  }

  private from(joins?: ReadonlySet<'s' | 'd'>): string {
    return visitFrom(this.reader, joins);
  }
}

/** The worklist's tab and filters as the conditions on visits they stand for. */
export function worklistConditions(query: Pick<WorklistQuery, 'filter' | 'tab'>): VisitConditions {
  return { ...query.filter, ...(query.tab === 'all' ? {} : { reviewStatus: query.tab }) };
}

interface RawRow extends Omit<WorklistRow, 'conflicted'> {
  readonly conflicted: number;
}

function toRow(row: RawRow): WorklistRow {
  return { ...row, conflicted: row.conflicted === 1 };
}

/** "District 2" before "District 10": digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}
