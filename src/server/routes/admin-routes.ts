import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Result } from '../../shared/errors.js';
import { resolutionHistory, resolutionQuerySchema } from '../admin/resolution-history.js';
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
  const answer = (reply: FastifyReply, result: Result<unknown>, code = 200) =>
    result.ok
      ? reply.code(code).send(result.value === undefined ? { ok: true } : { id: result.value })
      : sendError(reply, result.error);

  /**
   * The one guard of every admin route: the handler runs with the caller's `UserAdmin` (scoped to their
   * organisation) when their role, read afresh, is `admin`; anyone else gets 403 before anything is read.
   */
  const asAdmin =
    (handle: (admin: UserAdmin, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = ctx.userOf(request);
      const [row] = await ctx.db.select({ role: users.role }).from(users).where(eq(users.id, user.id));
      if (row?.role !== 'admin')
        return sendError(reply, {
          code: 'FORBIDDEN',
          message: 'Only an organisation administrator may manage accounts',
        });
      return handle(new UserAdmin(ctx.db, user.organisationId), request, reply);
    };
  const target = (params: unknown) => parseInput(usernameParam, params);

  app.get(
    '/api/admin/users',
    asAdmin(async (admin) => ({ users: await admin.list() })),
  );

  app.get(
    '/api/admin/conflict-resolutions',
    asAdmin(async (_admin, request, reply) => {
      const query = parseInput(resolutionQuerySchema, request.query);
      if (!query.ok) return sendError(reply, query.error);
      return { resolutions: await resolutionHistory(ctx.db, ctx.userOf(request), query.value) };
    }),
  );

  app.post(
    '/api/admin/users',
    asAdmin(async (admin, request, reply) => {
      const body = parseInput(newUser, request.body);
      if (!body.ok) return sendError(reply, body.error);
      const added = await admin.add({
        ...body.value,
        displayName: body.value.displayName ?? body.value.username,
        organisationId: ctx.userOf(request).organisationId,
      });
      return answer(reply, added, 201);
    }),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/admin/users/:username/${verb}`,
      asAdmin(async (admin, request, reply) => {
        const who = target(request.params);
        if (!who.ok) return sendError(reply, who.error);
        return answer(reply, await admin.setDisabled(who.value.username, disabled));
      }),
    );
  }

  /** A change to one user, its body checked by `schema`. */
  const change = <B>(
    method: 'POST' | 'PUT',
    path: string,
    schema: z.ZodType<B>,
    run: (admin: UserAdmin, username: string, body: B) => Promise<Result<void>>,
  ) =>
    app.route({
      method,
      url: `/api/admin/users/:username/${path}`,
      handler: asAdmin(async (admin, request, reply) => {
        const who = target(request.params);
        const body = parseInput(schema, request.body);
        if (!who.ok) return sendError(reply, who.error);
        if (!body.ok) return sendError(reply, body.error);
        return answer(reply, await run(admin, who.value.username, body.value));
      }),
    });
  change('POST', 'password', newPassword, (admin, username, body) => admin.resetPassword(username, body.password));
  change('PUT', 'districts', districtsBody, (admin, username, body) => admin.setDistricts(username, body.districtIds));
  change('PUT', 'role', roleBody, (admin, username, body) => admin.setRole(username, body.role));
}
