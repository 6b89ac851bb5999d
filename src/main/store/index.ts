/** The local store's public surface (Electron-free). */
export type { ServerPage } from './apply/apply-server-page.js';
export type { ApplyStats } from './apply/apply-stats.js';
export type { Resolution } from './conflicts/resolve-conflict.js';
export { LocalStore, type LocalStoreOptions } from './local-store.js';
export { threeWayMerge } from './merge/three-way-merge.js';
export type { ConflictKind, OutboxState } from './schema/sync-tables.js';
export type { RetryPolicy } from './store-context.js';
export * from './store-types.js';
