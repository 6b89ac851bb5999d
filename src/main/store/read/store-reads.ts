import type {
  HierarchyNode,
  SchoolDetail,
  SchoolRow,
  SearchHit,
  VisitGraph,
  VisitRow,
} from '../../../shared/ipc/schemas/graph.js';
import type { HomeCounts } from '../../../shared/ipc/schemas/home.js';
import type { QueueItem } from '../../../shared/ipc/schemas/queue.js';
import type { QueueCounts } from '../../../shared/ipc/schemas/sync-status.js';
import type { DistrictReport, ReportRequest } from '../../../shared/reports/district-report.js';
import type { ExportEntity, ExportFilter } from '../../../shared/reports/export-request.js';
import type { OutboxPageFilter } from '../outbox/outbox-views.js';
import { outboxCounts } from '../outbox/outbox-views.js';
import type { StoreParts } from '../store-parts.js';
import { readHierarchy } from './hierarchy.js';
import { readHomeCounts } from './home-counts.js';
import { type PhotoUploadListRow, photoUploadList } from './photo-upload-list.js';
import { queueCountsOf, readQueue } from './queue-page.js';
import { RecordReader } from './record-reader.js';
import { readDistrictReport } from './report-district.js';
import { districtsNamed, type ExportCursor, planExport } from './report-exports.js';
import { readSchool, readSchools, type SchoolFilter } from './schools.js';
import { searchRecords } from './search.js';
import { recentVisits, type VisitChoice, type VisitPlace, visitsOnDays } from './visit-catalog.js';
import { type VisitPhotoRow, visitPhotos } from './visit-photos.js';
import { readVisitGraph, readVisits, type VisitFilter } from './visits.js';
import { WorklistReads } from './worklist.js';

/**
 * The store's read models: what the screens, the photo import and later features (worklists, reports,
 * exports) read, each computed in SQL by one module of this folder over a `RecordReader`. Adding one is
 * a module here and a line below; no SQL leaves the store.
 */
export class StoreReads {
  private readonly reader: RecordReader;
  /** The review worklist: pages, tab counts, ids for select-all, neighbours for "next", filter choices. */
  readonly worklist: WorklistReads;
  /** Today (`YYYY-MM-DD`) by the store's clock: which follow-ups are due. */
  private readonly today: () => string;

  constructor(private readonly parts: StoreParts) {
    this.reader = new RecordReader(parts.ctx.sqlite, parts.ctx.graph);
    this.today = () => parts.ctx.nowIso().slice(0, 10);
    this.worklist = new WorklistReads(this.reader, this.today);
  }

  /** What needs the officer today (the home page), each count equal to the rows of the list it opens. */
  home(): HomeCounts {
    return readHomeCounts(this.reader, this.today);
  }

  /** Countries, regions and districts with counts summed up from each district. */
  hierarchy(): { nodes: HierarchyNode[] } {
    return readHierarchy(this.reader);
  }

  /** A page of schools (of a district, or matching a search) with their teacher and visit counts. */
  schools(filter: SchoolFilter): { items: SchoolRow[]; total: number } {
    return readSchools(this.reader, filter);
  }

  /** A school with its area path, its teachers and how many visits it has; `undefined` if not here. */
  school(id: string): SchoolDetail | undefined {
    return readSchool(this.reader, id);
  }

  /** A page of visits, newest first, filtered by school, district or review status. */
  visits(filter: VisitFilter): { items: VisitRow[]; total: number } {
    return readVisits(this.reader, filter);
  }

  /** A visit and every record it owns, plus the records they reference; `undefined` if not here. */
  visitGraph(id: string): VisitGraph | undefined {
    return readVisitGraph(this.reader, id);
  }

  /** Schools by name or EMIS code and teachers by name. */
  search(text: string, limit: number): { items: SearchHit[]; total: number } {
    return searchRecords(this.reader, text, limit);
  }

  /** A page of the outbox with the values each op would send, its total and the counts per state. */
  queue(filter: OutboxPageFilter): { items: QueueItem[]; total: number; counts: QueueCounts } {
    return readQueue(this.parts, filter);
  }

  /** Outbox operations per state, as the status bar names them. */
  queueCounts(): QueueCounts {
    return queueCountsOf(outboxCounts(this.parts));
  }

  /** Live visits on any of these days, with their school's name and position (photo import). */
  visitsOnDays(days: readonly string[]): VisitPlace[] {
    return visitsOnDays(this.reader, days);
  }

  /** The most recent live visits, newest first. */
  recentVisits(limit: number): VisitPlace[] {
    return recentVisits(this.reader, limit);
  }

  /** This device's photo uploads, unfinished first, with file names and visits (the Queue's photo card). */
  photoUploads(limit: number): PhotoUploadListRow[] {
    return photoUploadList(this.reader, limit);
  }

  /** A visit's photo records, with this device's thumbnails and uploads. */
  visitPhotos(visitId: string): VisitPhotoRow[] {
    return visitPhotos(this.reader, visitId);
  }

  /** An export of one list under the worklist's filters: its columns, row count and rows a page at a time. */
  exportRows(entity: ExportEntity, filter: ExportFilter): ExportCursor {
    return planExport(this.reader, entity, filter, this.today);
  }

  /** Districts with this name (case-insensitive), for tools that take a district by name. */
  districtsNamed(name: string): { id: string; name: string }[] {
    return districtsNamed(this.reader, name);
  }

  /** The district report's figures for a period and area, each computed in SQL. */
  districtReport(request: ReportRequest): DistrictReport {
    return readDistrictReport(this.reader, request);
  }
}
