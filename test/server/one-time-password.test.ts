import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdmin } from '../../src/server/admin/user-admin.js';
import { users } from '../../src/server/db/schema/server-tables.js';
import { changePassword, firstSignIn, pullStatus, signIn } from '../support/auth-calls.js';
import { startTestServer, type TestServer, testDatabases } from '../support/test-server.js';

/**
 * A password an administrator sets (`user add`, `reset-password`, `/api/admin`) works once: signing in
 * with it opens no session, only the change to the user's own password, which ends every other session.
 */
describe.each(testDatabases)('one-time passwords (%s)', (database) => {
  let server: TestServer;
  let admin: UserAdmin;
  let organisationId: string;
  let districtOne: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'tiny', database });
    admin = new UserAdmin(server.db);
    organisationId = server.facts?.demo.organisationId ?? '';
    districtOne = server.facts?.demo.districts.find((d) => d.name === 'District 1')?.id ?? '';
  });
  afterAll(() => server?.close());

  const add = (username: string, password: string) =>
    admin.add({ username, password, displayName: username, organisationId, districtIds: [districtOne] });

  it('a new account must choose its own password: no session, no sync before; sync after', async () => {
    expect(await add('baraka', 'given-once-4821')).toMatchObject({ ok: true });
    expect((await admin.list()).find((u) => u.username === 'baraka')).toMatchObject({ mustChangePassword: true });

    const first = await signIn(server.url, 'baraka', 'given-once-4821');
    expect(first.status).toBe(403);
    expect(first.body.error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(first.body.token).toBeUndefined();
    const changeToken = first.body.passwordChange?.changeToken ?? '';
    expect(changeToken.length).toBeGreaterThanOrEqual(32);
    // The change token is no session: sync and every other route refuse it.
    expect(await pullStatus(server.url, changeToken)).toBe(401);
    expect((await admin.list()).find((u) => u.username === 'baraka')).toMatchObject({ sessions: 0 });

    const changed = await changePassword(server.url, changeToken, 'Mombasa sunrise 77');
    expect(changed.status).toBe(200);
    expect(await pullStatus(server.url, changed.body.token ?? '')).toBe(200);
    expect((await admin.list()).find((u) => u.username === 'baraka')).toMatchObject({ mustChangePassword: false });
    // Spent: the same token cannot set a password again.
    expect((await changePassword(server.url, changeToken, 'and another one 88')).status).toBe(401);
    // The one-time password is gone; the chosen one signs in straight away.
    expect((await signIn(server.url, 'baraka', 'given-once-4821')).status).toBe(401);
    const again = await signIn(server.url, 'baraka', 'Mombasa sunrise 77');
    expect(again.status).toBe(200);
    expect(await pullStatus(server.url, again.body.token ?? '')).toBe(200);
  });

  it('the policy refuses a new password with a named reason, and the one-time password again', async () => {
    expect(await add('chebet', 'given-once-5930')).toMatchObject({ ok: true });
    const changeToken = (await signIn(server.url, 'chebet', 'given-once-5930')).body.passwordChange?.changeToken ?? '';
    const refusals = [
      ['short1', 'too-short'],
      ['my name is chebet', 'contains-username'],
      ['ababababababab', 'too-few-different'],
      ['given-once-5930', 'same-as-old'],
    ] as const;
    for (const [password, rule] of refusals) {
      const refused = await changePassword(server.url, changeToken, password);
      expect(refused, password).toMatchObject({
        status: 400,
        body: { error: { code: 'BAD_REQUEST', field: 'newPassword', rule } },
      });
    }
    // A refusal does not spend the token: the officer corrects the password and goes on.
    expect((await changePassword(server.url, changeToken, 'Chebet picked 2026!')).status).toBe(400);
    expect((await changePassword(server.url, changeToken, 'Kericho tea 2026!')).status).toBe(200);
  });

  it('a reset makes the password one-time again and ends every session; the change ends the others too', async () => {
    expect(await add('dalmas', 'given-once-6042')).toMatchObject({ ok: true });
    const chosen = await firstSignIn(server.url, 'dalmas', 'given-once-6042', 'Lake Victoria 31');
    const laptop = chosen.body.token ?? '';
    const tablet = (await signIn(server.url, 'dalmas', 'Lake Victoria 31')).body.token ?? '';
    expect(await pullStatus(server.url, laptop)).toBe(200);
    expect(await pullStatus(server.url, tablet)).toBe(200);

    expect(await admin.resetPassword('dalmas', 'reset-by-admin-7')).toMatchObject({ ok: true });
    expect(await pullStatus(server.url, laptop)).toBe(401);
    expect(await pullStatus(server.url, tablet)).toBe(401);
    const reset = await signIn(server.url, 'dalmas', 'reset-by-admin-7');
    expect(reset).toMatchObject({ status: 403, body: { error: { code: 'PASSWORD_CHANGE_REQUIRED' } } });

    // A session that outlived the flag (set behind the server's back) is refused until the change...
    const [row] = await server.db.select({ id: users.id }).from(users).where(eq(users.username, 'dalmas'));
    await server.db
      .update(users)
      .set({ mustChangePassword: false })
      .where(eq(users.id, row?.id ?? ''));
    const stale = (await signIn(server.url, 'dalmas', 'reset-by-admin-7')).body.token ?? '';
    await server.db
      .update(users)
      .set({ mustChangePassword: true })
      .where(eq(users.id, row?.id ?? ''));
    expect(await pullStatus(server.url, stale)).toBe(403);
    // ...which ends it along with every other session of the user.
    const changed = await changePassword(server.url, reset.body.passwordChange?.changeToken ?? '', 'Rift Valley 2026');
    expect(changed.status).toBe(200);
    expect(await pullStatus(server.url, stale)).toBe(401);
    expect(await pullStatus(server.url, changed.body.token ?? '')).toBe(200);
    expect((await admin.list()).find((u) => u.username === 'dalmas')).toMatchObject({ sessions: 1 });
  });

  it('a reset or a disable voids a change token not yet used; a late token is refused', async () => {
    expect(await add('esther', 'given-once-7153')).toMatchObject({ ok: true });
    const before = (await signIn(server.url, 'esther', 'given-once-7153')).body.passwordChange?.changeToken ?? '';
    expect(await admin.resetPassword('esther', 'second-given-8264')).toMatchObject({ ok: true });
    expect((await changePassword(server.url, before, 'Esther owns this 1')).status).toBe(401);

    const next = (await signIn(server.url, 'esther', 'second-given-8264')).body.passwordChange?.changeToken ?? '';
    expect(await admin.setDisabled('esther', true)).toMatchObject({ ok: true });
    expect((await changePassword(server.url, next, 'Esther owns this 1')).status).toBe(401);
    expect(await admin.setDisabled('esther', false)).toMatchObject({ ok: true });

    const late = (await signIn(server.url, 'esther', 'second-given-8264')).body.passwordChange?.changeToken ?? '';
    const later = Date.now() + 11 * 60_000;
    server.setClock(() => new Date(later));
    try {
      expect((await changePassword(server.url, late, 'Esther owns this 1')).status).toBe(401);
    } finally {
      server.setClock(() => new Date());
    }
  });
});
