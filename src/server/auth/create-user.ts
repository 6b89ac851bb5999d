import { randomUUID } from 'node:crypto';
import { users } from '../db/schema/server-tables.js';
import type { ServerDb } from '../db/server-database.js';
import { hashPassword } from './password-hash.js';

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  readonly organisationId: string;
  /** Null: the whole organisation. */
  readonly districtIds: readonly string[] | null;
  readonly id?: string;
}

/** Creates a user with a scrypt-hashed password; returns the new id. */
export async function createUser(db: ServerDb, user: NewUser): Promise<string> {
  const id = user.id ?? randomUUID();
  await db.insert(users).values({
    id,
    username: user.username,
    displayName: user.displayName,
    passwordHash: await hashPassword(user.password),
    organisationId: user.organisationId,
    districtIds: user.districtIds ? [...user.districtIds] : null,
  });
  return id;
}
