/**
 * Child process of the kill -9 test: `node edit-loop-child.mjs <db> <migrations> <seed>`.
 * Does random store work in a loop until it is killed. After each committed edit of the sentinel
 * district it prints the edit's number, so the parent can check that a committed edit survives.
 */
import fc from 'fast-check';
import { LocalStore } from '../../../src/main/store/local-store.js';
import { action, perform, seed } from './edit-actions.js';

const [path, migrationsFolder, seedArg] = process.argv.slice(2);
if (!path || !migrationsFolder) throw new Error('usage: edit-loop-child <db> <migrations> <seed>');
const store = LocalStore.open({ path, migrationsFolder });
const district = seed.get('district')?.[0]?.id ?? '';
const serverVersions = new Map<string, number>();
let n = Number(store.getRecord('district', district)?.fields.code?.toString().replace('edit-', '') ?? 0) || 0;
let round = 0;
for (;;) {
  for (const a of fc.sample(action, { seed: Number(seedArg) * 1000 + round++, numRuns: 200 })) {
    perform(store, a, serverVersions);
    n++;
    const edited = store.updateRecord('district', district, { code: `edit-${n}` });
    if (!edited.ok) throw new Error(edited.error.message);
    process.stdout.write(`${n}\n`);
  }
}
