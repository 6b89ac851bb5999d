/**
 * The local store's public surface (Electron-free): the only module of this folder that code outside
 * it may import (a lint rule refuses the others, and better-sqlite3 and drizzle, elsewhere in src).
 */
export type { ServerPage } from './apply/apply-server-page.js';
export type { ApplyStats } from './apply/apply-stats.js';
export type { Resolution } from './conflicts/resolve-conflict.js';
export {
  adoptMovedStore,
  backUpDatabase,
  isSqliteFile,
  JOURNAL_SUFFIXES,
  verifyDatabaseCopy,
} from './database-copy.js';
export type { DatabaseFacts } from './database-facts.js';
export { LocalStore, type LocalStoreOptions } from './local-store.js';
export { threeWayMerge } from './merge/three-way-merge.js';
export type { OutboxPageFilter } from './outbox/outbox-views.js';
export type { LibraryEntry, PhotoLibraryRepository } from './photos/photo-library-repository.js';
export type { PhotoUploadRepository, PhotoUploadRow } from './photos/photo-upload-repository.js';
export type { PhotoUploadListRow } from './read/photo-upload-list.js';
export {
  type ExportColumn,
  type ExportCursor,
  type ExportKind,
  type ExportRow,
  exportColumns,
} from './read/report-exports.js';
export type { SchoolFilter } from './read/schools.js';
export type { StoreReads } from './read/store-reads.js';
export type { VisitChoice, VisitPlace } from './read/visit-catalog.js';
export type { VisitPhotoRow } from './read/visit-photos.js';
export type { VisitFilter } from './read/visits.js';
export { PHOTO_UPLOAD_STATES, type PhotoUploadRowState } from './schema/photo-tables.js';
export { type ConflictKind, OUTBOX_STATES, type OutboxState } from './schema/sync-tables.js';
export { loadSqliteAddon, setSqliteNativeBinding } from './sqlite-binding.js';
export type { RetryPolicy } from './store-context.js';
export * from './store-types.js';
