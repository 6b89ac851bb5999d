import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// A machine unlike the one that generated docs/openapi.json (the committed copy was made on 2 cores).
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 64,
}));

describe('the committed OpenAPI document does not depend on the machine', () => {
  it('is what a 64-core machine serves too', async () => {
    const { OPENAPI_PATH, servedOpenApi } = await import('../../src/server/openapi/write-openapi.js');
    expect(JSON.parse(await servedOpenApi())).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });

  it('still bounds the hashing by the cores it runs on', async () => {
    const { DEFAULT_LOGIN_LIMITS, hashSlots } = await import('../../src/server/auth/login-guard.js');
    expect(hashSlots(DEFAULT_LOGIN_LIMITS)).toBe(4);
    expect(hashSlots({ concurrentHashes: 2 })).toBe(2);
  });
});
