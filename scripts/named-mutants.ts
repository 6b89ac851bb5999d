/**
 * `npm run test:named-mutants [-- --only <name>] [--schedules <n>]`: the bugs the convergence suite once
 * missed, and cursor bugs, each applied as a text patch to a scratch copy of the repository (never to
 * this checkout, never behind a switch in production code). Each mutant must make its suites fail;
 * the script prints which tests killed it and exits 1 if any mutant survives or no longer applies.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface Mutant {
  readonly name: string;
  readonly why: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** Test files run against the mutant; at least one must fail. */
  readonly tests: readonly string[];
}

/** PGlite's schedules, and PostgreSQL's concurrent ones where TEST_DATABASE_URL is set (else they skip). */
const CONVERGENCE = ['test/sync/convergence.test.ts', 'test/sync/convergence-postgres.test.ts'];

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'lww-reversed',
    why: 'last-write-wins reversed: on overlapping edits the server value wins over the pending local one',
    file: 'src/main/store/merge/three-way-merge.ts',
    from: 'lastWriteWins.push(field);\n      merged[field] = local[field];',
    to: 'lastWriteWins.push(field);\n      merged[field] = server[field];',
    tests: CONVERGENCE,
  },
  {
    name: 'keep-mine-ignored',
    why: 'the officer\'s "keep mine" on a held conflict takes the server value',
    file: 'src/main/store/conflicts/resolve-conflict.ts',
    from: "c === 'local' ? conflict.local[field]",
    to: "c === 'local' ? (server ?? conflict.server)[field]",
    tests: CONVERGENCE,
  },
  {
    name: 'both-writes-dropped',
    why: 'overlapping edits throw both writes away and restore the old (base) value',
    file: 'src/main/store/merge/three-way-merge.ts',
    from: 'lastWriteWins.push(field);\n      merged[field] = local[field];',
    to: 'lastWriteWins.push(field);\n      merged[field] = (base ?? local)[field];',
    tests: CONVERGENCE,
  },
  {
    name: 'rebase-fresh-opid',
    why: 'a rebase gives an op the server may have applied (answer lost) a fresh opId: applied twice, it beats a later write',
    file: 'src/main/store/outbox/rebase-record-ops.ts',
    from: 'outbox.update(keep.seq, {\n    kind,',
    to: 'outbox.update(keep.seq, {\n    opId: keep.attempts > 0 ? ctx.newId() : keep.opId,\n    kind,',
    tests: [...CONVERGENCE, 'test/store/merge-on-pull.test.ts'],
  },
  {
    name: 'cursor-seq-off-by-one',
    why: 'the change feed reads after seq + 1: the first change after every cursor is skipped',
    file: 'src/server/sync/change-feed-sql.ts',
    from: 'WHERE t.seq > ${position.seq} AND t.organisation_scope',
    to: 'WHERE t.seq > ${position.seq + 1} AND t.organisation_scope',
    tests: CONVERGENCE,
  },
  {
    name: 'skip-other-clients-writes',
    why: "a client's pull leaves out records another client wrote last (not only its own)",
    file: 'src/server/sync/change-feed-sql.ts',
    from: 't.last_client_id IS DISTINCT FROM ${clientId}::uuid',
    to: 't.last_client_id IS NULL',
    tests: CONVERGENCE,
  },
];

/** A scratch copy of the repository with one patch applied (node_modules linked, not copied). */
export function mutatedCopy(root: string, mutant: Mutant): string {
  const dir = mkdtempSync(join(tmpdir(), `fieldsync-mutant-${mutant.name}-`));
  for (const entry of ['src', 'test', 'scripts', 'drizzle', 'resources']) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  for (const file of [
    'package.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.renderer.json',
    'vitest.config.ts',
  ]) {
    cpSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const path = join(dir, mutant.file);
  const source = readFileSync(path, 'utf8');
  const at = source.indexOf(mutant.from);
  if (at < 0 || source.indexOf(mutant.from, at + 1) >= 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${mutant.name}: the patch no longer applies once to ${mutant.file} (the code moved: update it)`);
  }
  writeFileSync(path, source.slice(0, at) + mutant.to + source.slice(at + mutant.from.length));
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, schedules: { type: 'string' } } });
  const root = resolve(import.meta.dirname, '..');
  const chosen = MUTANTS.filter((m) => !values.only || values.only.split(',').includes(m.name));
  const survivors: string[] = [];
  for (const mutant of chosen) {
    const started = performance.now();
    let dir: string | undefined;
    try {
      dir = mutatedCopy(root, mutant);
      const out = join(dir, 'vitest-report.json');
      const run = spawnSync(
        'npx',
        ['vitest', 'run', ...mutant.tests, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
        {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          env: {
            ...process.env,
            FIELDSYNC_SCHEDULES: values.schedules ?? process.env.FIELDSYNC_SCHEDULES ?? '40',
            FIELDSYNC_PG_SCHEDULES: '0',
            TEST_DATABASE_URL: '',
          },
        },
      );
      const report = parseReport(existsSync(out) ? readFileSync(out, 'utf8') : '', run.stdout + run.stderr);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      if (run.status === 0) {
        survivors.push(mutant.name);
        console.log(`SURVIVED ${mutant.name} (${mutant.why}): ${report.passed} tests passed, ${seconds} s`);
      } else if (report.failed === 0 && report.suiteFailure) {
        // The suite's set-up caught the bug (the golden sync refuses what a broken feed sends): killed,
        // with the set-up's words printed so a reader can tell it from a copy that did not load.
        console.log(`killed   ${mutant.name} (${mutant.why}): the suite's set-up failed, ${seconds} s`);
        console.log(`         ${report.suiteFailure.slice(0, 300)}`);
      } else if (report.failed === 0) {
        // A non-zero exit with no failed test or suite: no test ran. That proves nothing, so it is not
        // counted as killed.
        survivors.push(mutant.name);
        console.log(`BROKEN   ${mutant.name} (${mutant.why}): no test failed (exit ${run.status}), ${seconds} s`);
        console.log(`         ${(run.stderr || run.stdout).slice(-600)}`);
      } else {
        console.log(
          `killed   ${mutant.name} (${mutant.why}): ${report.failed}/${report.passed + report.failed} tests failed, ${seconds} s`,
        );
        if (report.firstFailure) console.log(`         e.g. ${report.firstFailure.slice(0, 300)}`);
      }
    } catch (error) {
      survivors.push(mutant.name);
      console.log(`ERROR    ${mutant.name}: ${(error as Error).message}`);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    survivors.length === 0
      ? `all ${chosen.length} named mutants killed`
      : `${survivors.length} of ${chosen.length} survived: ${survivors.join(', ')}`,
  );
  process.exitCode = survivors.length === 0 ? 0 : 1;
}

/**
 * The run's counts from vitest's JSON report; a suite that failed outside any test (its set-up) is
 * named by the first error line the default reporter printed, since the JSON report leaves it out.
 */
function parseReport(
  text: string,
  printed: string,
): { passed: number; failed: number; firstFailure?: string; suiteFailure?: string } {
  try {
    const json = JSON.parse(text) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites: number;
      testResults: {
        status: string;
        message?: string;
        assertionResults: { status: string; fullName: string; failureMessages: string[] }[];
      }[];
    };
    const failed = json.testResults.flatMap((f) => f.assertionResults).find((a) => a.status === 'failed');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the reporter's colour codes are stripped.
    const plain = printed.replace(/\u001b\[[0-9;]*m/g, '');
    const suiteError = json.numFailedTestSuites > 0 ? /^\s*(?:\S*Error): .+$/m.exec(plain)?.[0]?.trim() : undefined;
    return {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      ...(failed ? { firstFailure: `${failed.fullName}: ${failed.failureMessages[0]?.split('\n')[0] ?? ''}` } : {}),
      ...(suiteError ? { suiteFailure: suiteError } : {}),
    };
  } catch {
    return { passed: 0, failed: 0, firstFailure: printed.slice(-300) };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
