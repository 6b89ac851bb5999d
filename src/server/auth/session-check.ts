import { type SQL, sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/protocol/auth.js';
import { type SessionFacts, type SessionRow, sessionFromRow } from './session-store.js';

/**
 * A session checked in the first statement a push sends anyway, instead of a lookup of its own before
 * it (issue #11: a round trip measured as 7–11 % of a loaded server's throughput). The request goes on
 * with the facts this process saw for the token last time; the push's claim reads the session again —
 * in its own statement, before anything it writes can commit — and a session that is gone, expired,
 * disabled or changed undoes the transaction, so the request is answered as if it had been looked up
 * first (`SessionUnchecked`). A token this process has not seen is looked up before its body is read.
 */

/**
 * The session `check` went on with, as one JSON value (null when there is none) read as
 * `authenticateToken` reads it: for a column of the sync's first statement.
 */
export function sessionCheckSql(check: SessionToCheck): SQL {
  return sql`(SELECT json_build_object(
      'user', json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name,
        'organisationId', u.organisation_id, 'districtIds', u.district_ids, 'disabled', u.disabled,
        'mustChangePassword', u.must_change_password),
      'clientId', s.client_id, 'expired', s.expires_at <= ${check.now}::timestamptz)
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ${check.facts.tokenHash})`;
}

/** A session the request went on with before it was read again, for the push to check (`sessionCheckSql`). */
export interface SessionToCheck {
  readonly facts: SessionFacts;
  readonly now: string;
}

/**
 * Thrown where a request that went on with a session not read again cannot go further: its session
 * changed or is gone, or the request took a way that does not read it again. The caller looks the
 * session up and handles the request again (nothing was written).
 */
export class SessionUnchecked extends Error {
  constructor() {
    super('The session must be looked up before this request goes on');
    this.name = 'SessionUnchecked';
  }
}

/**
 * Throws `SessionUnchecked` unless the session read in the sync's statement is usable (as a lookup
 * judges it, `sessionFromRow`) and the one the request went on with.
 */
export function confirmSession(check: SessionToCheck, row: SessionRow | null | undefined): void {
  const read = sessionFromRow(row ?? undefined, check.facts.tokenHash);
  if (!read.ok || read.value.clientId !== check.facts.clientId || !sameUser(read.value.user, check.facts.user))
    throw new SessionUnchecked();
}

function sameUser(a: SessionUser, b: SessionUser): boolean {
  const districts = (ids: readonly string[] | null | undefined) => (ids ? [...ids].sort().join(',') : null);
  return (
    a.id === b.id &&
    a.username === b.username &&
    a.displayName === b.displayName &&
    a.organisationId === b.organisationId &&
    districts(a.districtIds) === districts(b.districtIds)
  );
}

/** How many sessions a process remembers the facts of (the least recently seen are forgotten first). */
const KNOWN_SESSIONS = 10_000;

/**
 * The facts last seen for each session token hash this process has authenticated. Only ever a guess
 * to be checked: nothing is answered from it alone.
 */
export class KnownSessions {
  private readonly byHash = new Map<string, SessionFacts>();

  constructor(private readonly max = KNOWN_SESSIONS) {}

  get(hash: string): SessionFacts | undefined {
    const facts = this.byHash.get(hash);
    if (facts) {
      this.byHash.delete(hash);
      this.byHash.set(hash, facts);
    }
    return facts;
  }

  remember(facts: SessionFacts): void {
    this.byHash.delete(facts.tokenHash);
    this.byHash.set(facts.tokenHash, facts);
    if (this.byHash.size > this.max) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.byHash.delete(oldest);
    }
  }

  forget(hash: string): void {
    this.byHash.delete(hash);
  }
}
