import { isIP } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { verifyPassword } from '../auth/password-hash.js';
import { users } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';
import { DEMO_USERS } from '../seed/seed-demo.js';
import type { ServerSettings } from './server-settings.js';

/** Only this computer can reach an address on the loopback interface. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/**
 * Why the server must not listen as configured, before anything is opened: passwords and pupils' data
 * would cross a network in clear text, or the demo users would be created where others can sign in.
 */
export function exposureProblem(settings: ServerSettings): string | undefined {
  if (isLoopback(settings.host)) return undefined;
  if (settings.seed === 'demo') {
    return `--seed demo creates users with published passwords: seed only on a loopback address, not ${settings.host}`;
  }
  if (!settings.behindTlsProxy) {
    return (
      `Listening on ${settings.host} without TLS would send passwords and pupils' data in clear text: ` +
      'put a TLS reverse proxy (nginx, Caddy, IIS) in front and pass --behind-tls-proxy'
    );
  }
  return undefined;
}

/**
 * Demo users that still sign in with their published password (seeded, never disabled nor reset): on
 * a server others can reach, anyone who read the README could sign in as them.
 */
export async function demoUsersProblem(db: ServerDb): Promise<string | undefined> {
  const demo = Object.values(DEMO_USERS);
  const rows = await db
    .select({ username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(
      and(
        inArray(
          users.username,
          demo.map((u) => u.username),
        ),
        eq(users.disabled, false),
      ),
    );
  const open: string[] = [];
  for (const row of rows) {
    const published = demo.find((u) => u.username === row.username)?.password;
    if (published !== undefined && (await verifyPassword(published, row.passwordHash))) open.push(row.username);
  }
  if (open.length === 0) return undefined;
  const list = open.sort().join(', ');
  return (
    `The demo users ${list} still sign in with their published passwords: ` +
    `disable them (npm run admin -- user disable ${open[0]}) or reset their passwords before serving a network`
  );
}
