import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../src/main/log.js';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { coreSuite } from './helpers/core-suite.js';

const logged: string[] = [];
setLogSink((_level, scope, message, details) => logged.push(`[${scope}] ${message} ${JSON.stringify(details)}`));

const suite = coreSuite();

/**
 * Signing in with a one-time password (an administrator's `user add` or `reset-password`): main keeps
 * the change token, the page gets PASSWORD_CHANGE_REQUIRED, and `session:changePassword` finishes
 * signing in with the officer's own password. Neither password is ever logged.
 */
describe('the change of a one-time password', () => {
  it('asks for a new password, refuses the given one in words on the field, then signs in', async () => {
    const facts = suite.server.facts?.demo;
    const added = await new UserAdmin(suite.server.db).add({
      username: 'faith.w',
      password: 'given-once-9317',
      displayName: 'Faith W.',
      organisationId: facts?.organisationId ?? '',
      districtIds: null,
    });
    expect(added.ok).toBe(true);
    const app = await suite.core();
    const { handlers, session } = app.core;

    const notYet = await handlers['session:changePassword']({ newPassword: 'Eldoret hills 2026' });
    expect(notYet).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const first = await handlers['session:signIn']({
      serverUrl: suite.server.url,
      username: 'faith.w',
      password: 'given-once-9317',
    });
    expect(first).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED', text: { key: 'errors:code.PASSWORD_CHANGE_REQUIRED' } },
    });
    expect(session.state().signedIn).toBe(false);

    // Only the server knows the given password's hash: its refusal comes back as the field's words.
    const again = await handlers['session:changePassword']({ newPassword: 'given-once-9317' });
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        field: 'newPassword',
        rule: 'same-as-old',
        text: { key: 'sign-in:changePassword.refused.sameAsOld' },
      },
    });
    const short = await handlers['session:changePassword']({ newPassword: 'short1' });
    expect(short).toMatchObject({
      ok: false,
      error: { field: 'newPassword', rule: 'too-short', text: { values: { count: 10 } } },
    });

    const changed = await handlers['session:changePassword']({ newPassword: 'Eldoret hills 2026' });
    expect(changed).toMatchObject({ ok: true, value: { signedIn: true, user: { username: 'faith.w' } } });
    const synced = await handlers['sync:now'](undefined);
    expect(synced).toMatchObject({ ok: true });
    expect(synced.ok && synced.value.error).toBeUndefined();

    // The change token was spent: a second change has nothing to go on.
    expect(await handlers['session:changePassword']({ newPassword: 'Another one 2027' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', text: { key: 'errors:session.changeNotStarted' } },
    });
    const log = logged.join('\n');
    expect(log).toMatch(/faith\.w signed in with a one-time password/);
    for (const secret of ['given-once-9317', 'Eldoret hills 2026', 'short1']) expect(log).not.toContain(secret);
  });
});
