/**
 * Seeded, replayable convergence schedules: 2–3 clients with clocks a day apart edit, review, create
 * and delete two records per type, and sync under random faults (cuts, resets, stalls, refusals,
 * 503s) — every other schedule several clients at the same moment. After the faults stop and every
 * client synced twice, the oracle (helpers/oracle.ts) models each field's final value from what the
 * server applied: every replica equals the server, every write was applied once (or legitimately
 * superseded), the write applied last wins, the officer's choice wins, untouched fields keep their
 * values, nothing is duplicated or revived. `npm run soak` runs thousands; replay one with
 * `npm run soak -- --seed <n>`. PostgreSQL's shorter run of concurrent schedules is convergence-postgres.test.ts.
 */
import { convergenceSuite } from './helpers/convergence-suite.js';

convergenceSuite('pglite');
