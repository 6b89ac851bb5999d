import { existsSync, readFileSync } from 'node:fs';
import type { SessionControl } from './session-control.js';
import type { SettingsFile } from './settings-file.js';

const LOG_TAIL_BYTES = 512 * 1024;

/** Anything that looks like a credential, in case one ever reached a log line. */
const SECRETS = [/(Bearer\s+)[\w.~+/=-]+/gi, /("?(?:token|password|authorization)"?\s*[:=]\s*"?)[^"\s,}]+/gi];

/** Removes token- and password-like values from text. */
export function redact(text: string): string {
  return SECRETS.reduce((t, pattern) => t.replace(pattern, '$1[redacted]'), text);
}

export interface DiagnosticsInput {
  readonly appVersion: string;
  readonly transport: string;
  readonly logFile: string | null;
  readonly settings: SettingsFile;
  readonly session: SessionControl;
}

/**
 * What support needs to understand a problem: versions, settings, the sync status, a queue summary
 * with the reasons operations need attention, and the tail of the log. Never the token or a password
 * (the token is not in any of these; the log is redacted anyway).
 */
export function buildDiagnostics(input: DiagnosticsInput): string {
  const account = input.session.account();
  const store = account.ok ? account.value.store : undefined;
  const attention = store?.pageOutbox({ states: ['needs_attention', 'failed'], offset: 0, limit: 200 }) ?? [];
  const report = {
    generatedAt: new Date().toISOString(),
    app: {
      version: input.appVersion,
      transport: input.transport,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      platform: `${process.platform} ${process.arch}`,
    },
    database: store?.databaseFacts() ?? null,
    session: input.session.state(),
    settings: {
      ...input.settings.value,
      account: input.settings.value.account ? { ...input.settings.value.account } : null,
    },
    sync: input.session.syncStatus(),
    queue: attention.map((op) => ({
      entity: op.entity,
      recordId: op.recordId,
      kind: op.kind,
      state: op.state,
      attempts: op.attempts,
      lastError: op.lastError,
    })),
    conflicts: store
      ? store
          .listConflicts({ status: 'open' })
          .map((c) => ({ entity: c.entity, recordId: c.recordId, kind: c.kind, fields: c.fields.map((f) => f.field) }))
      : [],
    log: input.logFile ? logTail(input.logFile) : null,
  };
  return redact(JSON.stringify(report, null, 2));
}

function logTail(file: string): string | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  return text.length > LOG_TAIL_BYTES ? text.slice(-LOG_TAIL_BYTES) : text;
}

/** `migration 3` style version of the local database, for the about line. */
export function databaseVersion(session: SessionControl): string | null {
  const account = session.account();
  if (!account.ok) return null;
  return `migration ${account.value.store.migrationCount()}`;
}
