import { ConflictRepository } from './conflicts/conflict-repository.js';
import { OutboxRepository } from './outbox/outbox-repository.js';
import type { StoreContext } from './store-context.js';

/** The context plus the bookkeeping repositories, handed to every store operation. */
export interface StoreParts {
  readonly ctx: StoreContext;
  readonly outbox: OutboxRepository;
  readonly conflicts: ConflictRepository;
}

export function storeParts(ctx: StoreContext): StoreParts {
  return { ctx, outbox: new OutboxRepository(ctx), conflicts: new ConflictRepository(ctx) };
}
