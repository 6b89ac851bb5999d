import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The server runs with a young generation of 64 MiB semi-spaces (V8's default is 16): a sync leaves
 * ~100 KB of short-lived objects, and with the default the server thread scavenged every ~140 ms and
 * promoted what was still in flight, so garbage collection took 6.8 % of its samples under 50 clients
 * against 2.9 % (docs/SERVER.md). `bench:server` must measure the server as `npm run server` starts it.
 */
const scripts = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

const semiSpace = (script: string | undefined) => /--max-semi-space-size=(\d+)\b/.exec(script ?? '')?.[1];

describe('the server’s young generation', () => {
  it('npm run server starts node with 64 MiB semi-spaces, and bench:server measures it with the same', () => {
    expect(semiSpace(scripts.server)).toBe('64');
    expect(semiSpace(scripts['bench:server'])).toBe(semiSpace(scripts.server));
  });
});
