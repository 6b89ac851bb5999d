import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../scripts/named-mutants.js';

/**
 * The named mutants (`npm run test:named-mutants`) patch the source by text. When the code they patch is
 * rewritten, this fails here, at once, instead of the mutant run silently testing nothing.
 */
describe('named mutants still apply', () => {
  it.each(MUTANTS.map((m) => [m.name, m] as const))('%s', (_name, mutant) => {
    const source = readFileSync(resolve(import.meta.dirname, '../..', mutant.file), 'utf8');
    expect(source.split(mutant.from).length - 1, `${mutant.file} contains the patched text once`).toBe(1);
  });
});
