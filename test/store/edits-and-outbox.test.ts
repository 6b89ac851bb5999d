import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawConnection } from '../../src/main/store/local-store.js';
import { action, perform, seed } from './support/edit-actions.js';
import { applyDeployment, openTestStore } from './support/store-fixture.js';
import { editsAndOpsTogether, outboxCarriesRows } from './support/store-snapshot.js';

describe('an edit and its outbox entry are never apart', () => {
  it('holds after every step of any sequence of edits, sends, answers, retries, discards and remote changes', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
        const { store } = openTestStore();
        applyDeployment(store, seed);
        const serverVersions = new Map<string, number>();
        for (const a of actions) {
          perform(store, a, serverVersions);
          expect(editsAndOpsTogether(store)).toEqual({ pendingWithoutOp: [], opsWithoutPending: [] });
          expect(outboxCarriesRows(store)).toEqual([]);
        }
        expect(rawConnection(store).sqlite.pragma('foreign_key_check')).toEqual([]);
        store.close();
      }),
      { numRuns: 150 },
    );
  });
});
