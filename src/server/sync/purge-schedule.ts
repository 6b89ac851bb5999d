import type { FastifyBaseLogger } from 'fastify';
import type { EntityGraph } from '../../shared/entity/entity-graph.js';
import type { ServerDb } from '../db/server-database.js';
import { type PurgeOptions, purgeOldHistory } from './purge.js';

/** A running purge schedule; `stop()` cancels it and waits for a purge in progress. */
export interface PurgeSchedule {
  stop(): Promise<void>;
}

/**
 * Purges old history (`purgeOldHistory`) at once and then every `everyMs`, one purge at a time, logging
 * what each removed or why it failed (the next one tries again). The timer does not keep the process alive.
 */
export function startPurgeSchedule(
  db: ServerDb,
  graph: EntityGraph,
  options: PurgeOptions & { readonly everyMs: number },
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): PurgeSchedule {
  let running: Promise<void> | undefined;
  const purgeNow = () => {
    running ??= purgeOldHistory(db, graph, options)
      .then(
        (report) => log.info({ purge: report }, 'purged history older than the horizon'),
        (error: unknown) => log.warn({ err: error }, 'the purge of old history failed; trying again at the next one'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void purgeNow(), options.everyMs);
  timer.unref();
  void purgeNow();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
