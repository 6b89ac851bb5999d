/**
 * One catalog file per namespace per language (`locales/<language>/<namespace>.json`), so features
 * written in parallel each add to their own file instead of one huge JSON. A renderer feature's
 * namespace is named after its folder (`src/renderer/features/<domain>/` ↔ `<domain>.json`).
 */
export const NAMESPACES = [
  /** Words many screens share: buttons, "Loading…", yes/no, "today". */
  'common',
  /** The window: navigation, status bar, sync progress and banners. */
  'app',
  /** AppError codes and field rules in an officer's words. */
  'errors',
  /** Kinds of records, their fields and their enumerations (review status, school type…). */
  'entities',
  'sign-in',
  'schools',
  'visits',
  /** The review worklist (the visits grid, its filters and bulk review). */
  'worklist',
  /** The start page: what needs the officer today. */
  'home',
  'queue',
  'conflicts',
  'photo-import',
  'settings',
  /** The Electron shell: dialogs, notifications, taskbar. */
  'shell',
  /** Command-line tools' messages meant for people. */
  'cli',
  /** Exports and the district report (screen, files, PDF). */
  'reports',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const DEFAULT_NAMESPACE: Namespace = 'common';
