import { describe, it } from 'vitest';
import { testDatabases } from '../support/test-server.js';
import { convergenceSuite } from './helpers/convergence-suite.js';

/**
 * The convergence schedules on PostgreSQL (TEST_DATABASE_URL, as CI sets it), all with clients syncing at
 * the same moment: PGlite serialises every transaction, PostgreSQL does not. See convergence.test.ts.
 */
if (testDatabases.includes('postgres')) convergenceSuite('postgres');
else {
  console.warn('convergence: TEST_DATABASE_URL is not set, the PostgreSQL schedules are skipped (PGlite only)');
  describe.skip('convergence on postgres (needs TEST_DATABASE_URL)', () => {
    it('is skipped', () => {});
  });
}
