import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect } from 'vitest';
import { accountKey } from '../../../src/main/app/open-account.js';
import type { AppEvent, AppEventOf } from '../../../src/shared/ipc/events.js';
import type { CoreSuite } from './core-suite.js';
import type { CoreUnderTest, ShellAnswers } from './core-under-test.js';

/** Temp folders removed after each test of the file that calls this. */
export function scratchFolders(): (prefix: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export const PHOTO = Buffer.from('not really a jpeg, but bytes to keep');

/**
 * Signed in with the first sync done, one edit waiting in the outbox (the server is stopped before
 * it), and a photo in the account's library. The folder dialog answers `target()`.
 */
export async function signedInWithData(suite: CoreSuite, target: () => string | null, shell: ShellAnswers = {}) {
  const { server } = suite;
  await server.start();
  const app = await suite.core({ chooseFolder: async () => target(), ...shell });
  const first = app.next((e) => e.kind === 'sync:finished');
  const signedIn = await app.core.handlers['session:signIn']({
    serverUrl: server.url,
    username: 'demo',
    password: 'demo',
  });
  expect(signedIn.ok).toBe(true);
  await first;
  const account = app.core.session.account();
  if (!account.ok) throw new Error('not signed in');
  const key = accountKey(account.value.account);
  const visit = (await app.core.handlers['graph:visits']({ offset: 0, limit: 1 })) as {
    ok: true;
    value: { items: { id: string }[] };
  };
  const visitId = visit.value.items[0]?.id ?? '';
  await server.stop();
  const review = await app.core.handlers['visit:review']({ visitId, decision: 'approved', comment: 'Moved with me' });
  expect(review.ok).toBe(true);
  const photos = join(app.dir, 'accounts', `${key}-photos`, 'originals');
  mkdirSync(photos, { recursive: true });
  writeFileSync(join(photos, 'IMG_0001.JPG'), PHOTO);
  return { app, key, visitId, photos, database: join(app.dir, 'accounts', `${key}.db`) };
}

/** Rows per table of a database file, read while nothing else has it open for writing. */
export function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

/** The open account's database file, its pending edits and whether it reads. */
export function accountState(core: CoreUnderTest) {
  const account = core.core.session.account();
  if (!account.ok) throw new Error('signed out');
  const { store } = account.value;
  return {
    file: store.file,
    // Sending or backing off, the edit is still in the outbox.
    waiting: Object.values(store.outboxCounts()).reduce((a, b) => a + b, 0),
    visits: store.read.visits({ offset: 0, limit: 1 }).total,
  };
}

export type MoveProgressEvent = AppEventOf<'dataFolder:progress'>;

export const isMoveProgress = (e: AppEvent): e is MoveProgressEvent => e.kind === 'dataFolder:progress';
