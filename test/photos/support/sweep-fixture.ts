import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileOps } from '../../../src/main/fs/retry-fs.js';
import type { Logger } from '../../../src/main/log.js';
import { PhotoImporter } from '../../../src/main/photos/photo-importer.js';
import { createPhotoPipeline } from '../../../src/main/photos/photo-pipeline.js';
import { ServerConnection } from '../../../src/main/sync/server-connection.js';
import type { photoTestStore } from './photo-test-db.js';

type PhotoTestStore = Awaited<ReturnType<typeof photoTestStore>>;

/** Dates a file's last change `ageMs` before `now`. */
export async function age(path: string, ageMs: number, now: number): Promise<void> {
  const at = (now - ageMs) / 1000;
  await utimes(path, at, at);
}

/** Writes a file at `relative` under `root` (its path as its content) whose last change was `ageMs` before `now`. */
export async function writeAged(root: string, relative: string, ageMs: number, now: number): Promise<string> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `file ${relative}`);
  await age(path, ageMs, now);
  return path;
}

/** Every file under `root`, relative to it, sorted. */
export async function filesUnder(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/**
 * An importer over a test store whose clock reads `now()` (tests move time to age files), as a process
 * opening the data folder makes one.
 */
export function sweepTestImporter(ctx: PhotoTestStore, now: () => number, logger: Logger, fs?: FileOps): PhotoImporter {
  return new PhotoImporter({
    store: ctx.store,
    library: ctx.library,
    now,
    logger,
    ...(fs ? { fs } : {}),
  });
}

/** The pipeline over a test store, opened as the app opens it (its sweeps start). */
export function openPipeline(ctx: PhotoTestStore, logger: Logger) {
  return createPhotoPipeline({
    store: ctx.store,
    libraryDir: ctx.library.root,
    connection: new ServerConnection({ baseUrl: 'http://127.0.0.1:9' }),
    logger,
  });
}

/** A logger that keeps what is logged at info level. */
export function infoLog(): Logger & { logged: { message: string; meta?: Record<string, unknown> }[] } {
  const logged: { message: string; meta?: Record<string, unknown> }[] = [];
  return {
    logged,
    info: (message, meta?: unknown) => logged.push({ message, meta: meta as Record<string, unknown> | undefined }),
    warn: () => {},
    error: () => {},
    debug: () => {},
  };
}
