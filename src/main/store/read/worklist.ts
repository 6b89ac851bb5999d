import type {
  WorklistCounts,
  WorklistFacets,
  WorklistFilter,
  WorklistNeighbours,
  WorklistQuery,
  WorklistRow,
  WorklistSort,
} from '../../../shared/ipc/schemas/worklist.js';
import { quote } from '../codec/row-codec.js';
import { containsPattern } from './like-pattern.js';
import type { RecordReader } from './record-reader.js';

type Bind = Record<string, string | number>;

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
            () => `select distinct ${monitor} ${this.from(new Set(['s']))}
              where v._deleted = 0 and ${r.column('districtId', 's')} = @district order by 1`,
          )
    )
      .pluck()
      .all(districtId === undefined ? {} : { district: districtId }) as string[];
    return { districts, monitors };
  }

  /** `order by` of a sort: the column, then newest first and the id so pages never overlap or skip. */
  private order(sort: WorklistSort, descending: boolean): string {
    const r = this.reader;
    const dir = descending ? 'desc' : 'asc';
    const date = r.column('visitDate', 'v');
    const keys: Record<WorklistSort, string> = {
      school: `${r.column('name', 's')} collate nocase ${dir}`,
      district: `${r.column('name', 'd')} collate nocase ${dir}, ${r.column('name', 's')} collate nocase`,
      date: `${date} ${dir}`,
      monitor: `${r.column('monitorName', 'v')} collate nocase ${dir}`,
      status: `${r.column('status', 'v')} ${dir}`,
      review: `${r.column('reviewStatus', 'v')} ${dir}`,
      photos: `${this.photoCount()} ${dir}`,
    };
    const tail = sort === 'date' ? `v.id ${dir}` : `${date} desc, v.id`;
    return `${keys[sort]}, ${tail}`;
  }

  private photoCount(): string {
    const photo = this.reader.def('photo');
    const ref = photo.ownerRef?.column ?? 'school_visit_id';
    return `(select count(*) from ${quote(photo.table)} p where p.${quote(ref)} = v.id and p._deleted = 0)`;
  }

  private select(): string {
    const r = this.reader;
    return `select v.id as id, ${r.column('schoolId', 'v')} as schoolId, ${r.column('name', 's')} as schoolName,
      d.id as districtId, ${r.column('name', 'd')} as districtName,
      ${r.column('visitDate', 'v')} as visitDate, ${r.column('monitorName', 'v')} as monitorName,
      ${r.column('status', 'v')} as status, ${r.column('reviewStatus', 'v')} as reviewStatus,
      ${r.column('reviewComment', 'v')} as reviewComment, ${r.column('followUpDate', 'v')} as followUpDate,
      ${this.photoCount()} as photos,
      v._local_state as localState,
      exists (select 1 from conflicts c where c.entity = 'schoolVisit' and c.record_id = v.id and c.status = 'open') as conflicted`;
  }

  /** Visits with their school and district; `joins` leaves out the ones a count does not need. */
  private from(joins: ReadonlySet<string> = new Set(['s', 'd'])): string {
    const r = this.reader;
    let from = `from ${r.table('schoolVisit')} v`;
    if (joins.has('s') || joins.has('d')) from += ` join ${r.table('school')} s on s.id = ${r.column('schoolId', 'v')}`;
    if (joins.has('d')) from += ` join ${r.table('district')} d on d.id = ${r.column('districtId', 's')}`;
    return from;
  }

  /** The `where` of a query: its SQL, its parameters, a cache key naming which filters are on, the joins it needs. */
  private where(
    filter: WorklistFilter,
    tab: WorklistQuery['tab'],
  ): { sql: string; bind: Bind; key: string; joins: Set<string> } {
    const r = this.reader;
    const photo = r.def('photo');
    const photoRef = photo.ownerRef?.column ?? 'school_visit_id';
    const v = (field: string) => r.column(field, 'v');
    const parts: string[] = ['v._deleted = 0'];
    const bind: Bind = {};
    const joins = new Set<string>();
    let key = '';
    const add = (k: string, sql: string, params: Bind = {}, join?: string) => {
      key += k;
      parts.push(sql);
      Object.assign(bind, params);
      if (join) joins.add(join);
    };
    if (tab !== 'all') add(`t`, `${v('reviewStatus')} = @tab`, { tab });
    if (filter.districtId) add('d', `${r.column('districtId', 's')} = @district`, { district: filter.districtId }, 's');
    if (filter.schoolId) add('s', `${v('schoolId')} = @school`, { school: filter.schoolId });
    if (filter.dateFrom) add('f', `${v('visitDate')} >= @dateFrom`, { dateFrom: filter.dateFrom });
    if (filter.dateTo) add('u', `${v('visitDate')} <= @dateTo`, { dateTo: filter.dateTo });
    if (filter.monitor) add('m', `${v('monitorName')} = @monitor`, { monitor: filter.monitor });
    if (filter.hasPhotos !== undefined) {
      const exists = `exists (select 1 from ${quote(photo.table)} p where p.${quote(photoRef)} = v.id and p._deleted = 0)`;
      add(filter.hasPhotos ? 'P' : 'p', filter.hasPhotos ? exists : `not ${exists}`);
    }
    if (filter.hasConflict !== undefined) {
      const exists = `exists (select 1 from conflicts c where c.entity = 'schoolVisit' and c.record_id = v.id and c.status = 'open')`;
      add(filter.hasConflict ? 'C' : 'c', filter.hasConflict ? exists : `not ${exists}`);
    }
    if (filter.unsynced !== undefined)
      add(filter.unsynced ? 'N' : 'n', `v._local_state ${filter.unsynced ? '=' : '<>'} 'pending'`);
    if (filter.followUpDue)
      add('F', `${v('reviewStatus')} = 'flagged' and ${v('followUpDate')} <= @today`, { today: this.today() });
    if (filter.text) {
      add(
        'x',
        `(${r.column('name', 's')} like @text escape '\\' or ${v('monitorName')} like @text escape '\\'
          or ${v('reviewComment')} like @text escape '\\' or ${v('notes')} like @text escape '\\')`,
        { text: containsPattern(filter.text) },
        's',
      );
    }
    return { sql: parts.join(' and '), bind, key, joins };
  }
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
