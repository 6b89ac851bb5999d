import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/main/store/local-store.js';
import { seed } from './support/edit-actions.js';
import { applyDeployment } from './support/store-fixture.js';
import { editsAndOpsTogether, outboxCarriesRows } from './support/store-snapshot.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = join(REPO, 'drizzle/sqlite');
/** At least 20 in `npm test`; `STORE_KILLS=500 npx vitest run test/store/crash-safety.test.ts` for more. */
const KILLS = Math.max(20, Number(process.env.STORE_KILLS ?? 20));

let child: string;
let dir: string;

beforeAll(async () => {
  // A bundled child starts in a fraction of tsx's time, which is what makes many kills affordable.
  // It sits under the repository so its bare imports resolve to node_modules.
  child = join(REPO, '.tmp', 'store-crash', `${process.pid}`, 'edit-loop-child.mjs');
  mkdirSync(dirname(child), { recursive: true });
  await build({
    entryPoints: [join(REPO, 'test/store/support/edit-loop-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: child,
    logLevel: 'warning',
  });
  dir = mkdtempSync(join(tmpdir(), 'fieldsync-crash-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(child), { recursive: true, force: true });
});

/** Runs the child until it has committed `edits` sentinel edits (and a little more), then kills it with SIGKILL. */
function runAndKill(path: string, seedNumber: number, edits: number): Promise<{ lastCommitted: number }> {
  return new Promise((resolvePromise, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, path, MIGRATIONS, String(seedNumber)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastCommitted = 0;
    let seen = 0;
    let stderr = '';
    let buffered = '';
    proc.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    proc.stdout?.on('data', (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        lastCommitted = Number(line);
        // Then a random few milliseconds more, so the kill lands anywhere in the loop's work.
        if (++seen === edits) setTimeout(() => proc.kill('SIGKILL'), Math.random() * 15);
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise({ lastCommitted });
      else reject(new Error(`child exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('a process killed mid-write (kill -9)', () => {
  it(`leaves an intact store where edits and outbox ops are together, ${KILLS} times`, async () => {
    const path = join(dir, 'store.db');
    const first = LocalStore.open({ path });
    applyDeployment(first, seed);
    first.close();
    const district = seed.get('district')?.[0]?.id ?? '';
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill at a varying depth into the loop: the moment lands anywhere in an edit, a page or a commit.
      const { lastCommitted } = await runAndKill(path, kill, 1 + ((kill * 7) % 23));
      const raw = new Database(path);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      raw.close();
      const store = LocalStore.open({ path });
      expect(editsAndOpsTogether(store)).toEqual({ pendingWithoutOp: [], opsWithoutPending: [] });
      expect(outboxCarriesRows(store)).toEqual([]);
      const code = String(store.getRecord('district', district)?.fields.code ?? '');
      // Every edit the child saw committed is there (the one after it may be too).
      expect(Number(code.replace('edit-', ''))).toBeGreaterThanOrEqual(lastCommitted);
      store.close();
    }
  });
});
