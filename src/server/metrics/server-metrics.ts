import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OpResult } from '../../shared/protocol/sync.js';

/**
 * What an operator watches (Prometheus text format at `/metrics`), one registry per server app so
 * tests and several apps in one process never mix counts. Label values are bounded: route patterns
 * (never raw URLs), op statuses, entity types, refusal reasons.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestSeconds = new Histogram({
    name: 'fieldsync_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, with their latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly responseBytes = new Counter({
    name: 'fieldsync_http_response_bytes_total',
    help: 'Bytes of response bodies sent (as on the wire: after compression), by route pattern',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  readonly syncs = new Counter({
    name: 'fieldsync_sync_requests_total',
    help: 'POST /api/sync requests answered (each pulls and may push)',
    registers: [this.registry],
  });
  readonly pushedOps = new Counter({
    name: 'fieldsync_sync_push_ops_total',
    help: 'Pushed operations by outcome (applied, duplicate, conflict, rejected) and entity type',
    labelNames: ['status', 'entity'] as const,
    registers: [this.registry],
  });
  readonly pulledRecords = new Counter({
    name: 'fieldsync_sync_pulled_records_total',
    help: 'Changes (records, deletions, scope exits) sent to clients by sync pulls',
    registers: [this.registry],
  });
  readonly syncReads = new Counter({
    name: 'fieldsync_sync_reads_total',
    help: 'Sync pulls by how they were read: in one statement (the everyday case) or in a repeatable-read transaction',
    labelNames: ['read'] as const,
    registers: [this.registry],
  });
  readonly loginFailures = new Counter({
    name: 'fieldsync_login_failures_total',
    help: 'Refused sign-ins by reason (credentials, rate_limit, locked_out)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly feedHead = new Gauge({
    name: 'fieldsync_feed_head',
    help: 'The highest change-feed sequence number this process has seen',
    registers: [this.registry],
  });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    // CPU, memory, event-loop lag, handles: off in tests, where many apps share one process.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'fieldsync_' });
  }

  /**
   * Counts one sync's push outcomes and pulled changes. An entity type nobody declared (a client may
   * send any string) is counted as `unknown`, so a caller cannot grow the label set.
   */
  sync(results: readonly OpResult[], pulled: number, declared: (entity: string) => boolean): void {
    this.syncs.inc();
    for (const r of results)
      this.pushedOps.inc({ status: r.status, entity: declared(r.entity) ? r.entity : 'unknown' });
    if (pulled > 0) this.pulledRecords.inc(pulled);
  }

  /** The registry's text, in Prometheus' exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
