/**
 * Runs Electronegativity through its programmatic API and prints its findings as JSON on stdout.
 * Not the CLI with `-o report.csv`: the CLI writes the CSV header and the rows with two asynchronous
 * fs.writeFile calls to the same file, and when the header's truncating write lands last the report
 * holds the header alone — an empty scan that made the gate's self-test fail about one run in eight.
 * Usage: node electronegativity-run.cjs <folder> <electron version>
 */
'use strict';
const run = require('@doyensec/electronegativity');

const [input, electronVersion] = process.argv.slice(2);
if (!input || !electronVersion) {
  process.stderr.write('usage: electronegativity-run.cjs <folder> <electron version>\n');
  process.exit(2);
}

run({
  input,
  isRelative: true,
  // The runner reads electronVersionOverride; the README names it electronVersion.
  electronVersion,
  electronVersionOverride: electronVersion,
})
  .then((result) => {
    const tolerable = result.errors.filter((e) => e.tolerable);
    const fatal = result.errors.filter((e) => !e.tolerable);
    if (fatal.length > 0) {
      // A file it could not parse is a file it did not check: say so rather than pass it.
      process.stderr.write(`${fatal.map((e) => `could not parse ${e.file}: ${e.message}`).join('\n')}\n`);
      process.exit(1);
    }
    const findings = result.issues.map((i) => ({
      check: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: String(i.file).replace(/\\/g, '/'),
      location: `${i.location.line}:${i.location.column}`,
      sample: i.sample ?? '',
    }));
    process.stdout.write(JSON.stringify({ findings, warnings: tolerable.length }));
  })
  .catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
