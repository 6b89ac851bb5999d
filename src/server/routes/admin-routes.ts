import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Result } from '../../shared/errors.js';
import { UserAdmin } from '../admin/user-admin.js';
import { users } from '../db/schema/server-tables.js';
import { parseInput } from '../http/parse-input.js';
import { sendError } from '../http/send-error.js';
import type { ServerContext } from '../server-context.js';

const role = z.enum(['officer', 'admin']);
const districtIds = z.array(z.uuid()).min(1).max(500).nullable();
const newUser = z.strictObject({
  username: z.string().min(1).max(100),
  displayName: z.string().max(200).optional(),
  password: z.string().min(1).max(200),
  districtIds,
  role: role.optional(),
});
const newPassword = z.strictObject({ password: z.string().min(1).max(200) });
const districtsBody = z.strictObject({ districtIds });
const roleBody = z.strictObject({ role });
const usernameParam = z.strictObject({ username: z.string().min(1).max(100) });

/**
 * `/api/admin/users…`: an organisation administrator (role `admin`) manages the accounts of their own
 * organisation: list, add, disable/enable, new password, districts, role. The role is read afresh on
 * every request, so taking it away works at once. An officer gets 403; a user of another organisation
 * does not exist here (404), as records of another organisation do not. Disabling and new passwords
 * end the user's sessions at once (`UserAdmin`).
 */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const adminOf = async (request: Parameters<typeof ctx.userOf>[0]) => {
    const user = ctx.userOf(request);
    const [row] = await ctx.db.select({ role: users.role }).from(users).where(eq(users.id, user.id));
    return row?.role === 'admin' ? new UserAdmin(ctx.db, user.organisationId) : undefined;
  };
  const answer = (reply: FastifyReply, result: Result<unknown>, code = 200) =>
    result.ok
      ? reply.code(code).send(result.value === undefined ? { ok: true } : { id: result.value })
      : sendError(reply, result.error);

  app.register(async (scope) => {
    scope.decorateRequest('userAdmin', null);
    scope.addHook('preHandler', async (request, reply) => {
      const admin = await adminOf(request);
      if (!admin)
        return sendError(reply, {
          code: 'FORBIDDEN',
          message: 'Only an organisation administrator may manage accounts',
        });
      (request as unknown as { userAdmin: UserAdmin }).userAdmin = admin;
    });
    const adminIn = (request: unknown) => (request as { userAdmin: UserAdmin }).userAdmin;
    const target = (params: unknown) => parseInput(usernameParam, params);

    scope.get('/api/admin/users', async (request) => ({ users: await adminIn(request).list() }));

    scope.post('/api/admin/users', async (request, reply) => {
      const body = parseInput(newUser, request.body);
      if (!body.ok) return sendError(reply, body.error);
      const { organisationId } = ctx.userOf(request);
      const added = await adminIn(request).add({
        ...body.value,
        displayName: body.value.displayName ?? body.value.username,
        organisationId,
      });
      return answer(reply, added, 201);
    });

    for (const [verb, disabled] of [
      ['disable', true],
      ['enable', false],
    ] as const) {
      scope.post(`/api/admin/users/:username/${verb}`, async (request, reply) => {
        const who = target(request.params);
        if (!who.ok) return sendError(reply, who.error);
        return answer(reply, await adminIn(request).setDisabled(who.value.username, disabled));
      });
    }

    /** A change to one user, its body checked by `schema`. */
    const change = <B>(
      method: 'POST' | 'PUT',
      path: string,
      schema: z.ZodType<B>,
      run: (admin: UserAdmin, username: string, body: B) => Promise<Result<void>>,
    ) =>
      scope.route({
        method,
        url: `/api/admin/users/:username/${path}`,
        handler: async (request, reply) => {
          const who = target(request.params);
          const body = parseInput(schema, request.body);
          if (!who.ok) return sendError(reply, who.error);
          if (!body.ok) return sendError(reply, body.error);
          return answer(reply, await run(adminIn(request), who.value.username, body.value));
        },
      });
    change('POST', 'password', newPassword, (admin, username, body) => admin.resetPassword(username, body.password));
    change('PUT', 'districts', districtsBody, (admin, username, body) =>
      admin.setDistricts(username, body.districtIds),
    );
    change('PUT', 'role', roleBody, (admin, username, body) => admin.setRole(username, body.role));
  });
}
