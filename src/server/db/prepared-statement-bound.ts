import type pg from 'pg';

/**
 * How many prepared statements each pooled PostgreSQL connection keeps. A sync's working set is a few
 * dozen texts (its reads and stamps per mix of entity types); PostgreSQL keeps each one's plan in the
 * connection's memory, and texts that vary (a push's mix of types and fields) would otherwise pile up
 * for as long as the connection lives.
 */
export const PREPARED_PER_CONNECTION = 100;

/** The names a connection has prepared, least recently used first. */
const usedNames = new WeakMap<pg.PoolClient, Map<string, true>>();

/** Marks `name` used on `client` for a statement sent outside `client.query` (a pipeline's follower). */
export function notePreparedUse(client: pg.PoolClient, name: string): void {
  const used = usedNames.get(client);
  if (!used) return;
  used.delete(name);
  used.set(name, true);
}

interface ParsedStatements {
  connection: { parsedStatements: Record<string, string> };
}

/**
 * Keeps every connection of `pool` to the `max` prepared statements it used most recently: each query
 * by name marks its name used, and when the connection goes back to the pool the statements past `max`
 * are deallocated — queued on the connection before anything the next user sends, and forgotten by the
 * driver at once, so the next use of such a text prepares it again.
 */
export function boundPreparedStatements(pool: pg.Pool, max = PREPARED_PER_CONNECTION): void {
  pool.on('connect', (client) => {
    const used = new Map<string, true>();
    usedNames.set(client, used);
    // The driver has no hook for a query's use of a name: its one entry point is wrapped instead
    // (calling the class's method as it is then, so whatever else wraps it still sees every query).
    const driver = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const name = (args[0] as { name?: unknown } | null | undefined)?.name;
      if (typeof name === 'string') notePreparedUse(client, name);
      return driver.query.apply(client, args);
    };
  });
  pool.on('release', (error: Error | undefined, client: pg.PoolClient) => {
    if (error) return; // The pool closes this connection.
    const used = usedNames.get(client);
    if (!used || used.size <= max) return;
    const parsed = (client as unknown as ParsedStatements).connection.parsedStatements;
    for (const name of used.keys()) {
      if (used.size <= max) break;
      used.delete(name);
      if (parsed[name] === undefined) continue; // Never prepared (its statement failed to parse).
      delete parsed[name];
      // The name is a digest (`fs_` and hex digits) or a constant of ours: it needs no quoting.
      client.query(`DEALLOCATE ${name}`).catch(() => {
        // The connection is gone: the pool drops it, with everything it had prepared.
      });
    }
  });
}
