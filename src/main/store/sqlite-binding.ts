import Database from 'better-sqlite3';

/**
 * The compiled better-sqlite3 addon this process loads. `npm install` builds node_modules' copy for
 * Node's ABI, which vitest, the CLIs and the server use; Electron has its own ABI, so the Electron main
 * process loads a second build kept outside node_modules (see src/main/electron/sqlite-addon.ts) and
 * sets it here once, before any database opens. A process has one runtime, so this is one setting
 * per process rather than an option threaded through every caller.
 */
let nativeBinding: string | undefined;

/** Makes every later `openSqlite` load the addon at `path` (`undefined`: node_modules' own build). */
export function setSqliteNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** Loads the addon at `path` once (an in-memory database, closed at once); throws when this process cannot. */
export function loadSqliteAddon(path: string): void {
  new Database(':memory:', { nativeBinding: path }).close();
}

/**
 * Opens an SQLite connection through this process's addon. Every connection in src/main goes
 * through here: one that called `new Database` itself would load node_modules' Node build under
 * Electron and fail with a NODE_MODULE_VERSION error (test/store/sqlite-binding.test.ts checks).
 */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, nativeBinding === undefined ? options : { ...options, nativeBinding });
}
