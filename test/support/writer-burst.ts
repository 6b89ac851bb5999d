/**
 * Concurrent writers in bursts against a running sync server, for the write-lock test and
 * `npm run bench:writers`. Every writer pushes batches that overlap the others' on purpose: edits of
 * shared schools, teachers and visits, children created under shared parents, lesson observations
 * pointing at two parents, deletes that cascade. Stale versions make conflicts (expected answers);
 * what must never happen is an HTTP 500 or a deadlock in PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { OpResult, PushOp } from '../../src/shared/protocol/sync.js';

export interface BurstOptions {
  /** `http://host:port` of the server. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Districts the user may write in. */
  readonly districtIds: readonly string[];
  readonly writers: number;
  /** Ops per push. */
  readonly burst: number;
  /** Pushes per writer. */
  readonly rounds: number;
  /** The server's own database, to read its deadlock counter (PostgreSQL only). */
  readonly databaseUrl?: string;
}

export interface BurstReport {
  pushes: number;
  ops: number;
  applied: number;
  conflicts: number;
  rejected: number;
  http500: number;
  http503: number;
  otherStatus: number;
  /** The first answer that was not a 200, for the report. */
  firstError?: string;
  /** Deadlocks PostgreSQL detected in the server's database during the run (`pg_stat_database`). */
  deadlocks: number | null;
  ms: number;
  /** Push latency percentiles (ms). */
  p50: number;
  p99: number;
}

interface Known {
  entity: string;
  id: string;
  version: number;
  schoolId: string;
  deleted: boolean;
}

async function post(url: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function deadlocksOf(databaseUrl: string | undefined): Promise<number | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ deadlocks: string }>(
      'SELECT deadlocks::text AS deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0]?.deadlocks ?? 0);
  } finally {
    await client.end();
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Sets up shared schools, teachers and visits, then runs the writers; returns the counts. */
export async function runWriterBurst(options: BurstOptions): Promise<BurstReport> {
  const login = async () => {
    const res = await post(options.url, '/api/auth/login', { username: options.username, password: options.password });
    if (res.status !== 200) throw new Error(`login: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { token: string; clientId?: string };
  };
  const known = new Map<string, Known>();
  const remember = (results: readonly OpResult[], ops: readonly PushOp[]) => {
    results.forEach((result, i) => {
      const entry = known.get(result.id);
      if (!entry) return;
      if (result.status === 'applied' || result.status === 'duplicate') {
        entry.version = Math.max(entry.version, result.version);
        if (ops[i]?.delete) entry.deleted = true;
      } else if (result.status === 'conflict') {
        entry.version = Math.max(entry.version, result.server.version);
        if (result.server.deleted) entry.deleted = true;
      }
    });
  };
  const setup = await login();
  const ops: PushOp[] = [];
  const add = (entity: string, schoolId: string, changes: Record<string, unknown>, id = randomUUID()) => {
    known.set(id, { entity, id, version: 1, schoolId, deleted: false });
    ops.push({ opId: randomUUID(), entity, id, baseVersion: null, changes });
    return id;
  };
  for (let s = 0; s < 16; s++) {
    const districtId = options.districtIds[s % options.districtIds.length] ?? '';
    const school = add('school', '', {
      districtId,
      name: `Burst ${s}`,
      emisCode: `B-${randomUUID().slice(0, 8)}`,
      type: 'primary',
      enrolment: 100,
      active: true,
    });
    (known.get(school) as Known).schoolId = school;
    for (let t = 0; t < 4; t++) add('teacher', school, teacherOf(school));
    for (let v = 0; v < 2; v++) add('schoolVisit', school, visitOf(school));
  }
  const created = await post(options.url, '/api/sync', { cursors: {}, push: ops, limit: 1 }, setup.token);
  if (created.status !== 200) throw new Error(`setup: HTTP ${created.status} ${JSON.stringify(created.body)}`);

  const live = (entity: string) =>
    [...known.values()].filter((k) => k.entity === entity && !k.deleted && k.version > 0);
  const burstOps = (): PushOp[] => {
    const batch: PushOp[] = [];
    const edit = (k: Known, changes: Record<string, unknown>) =>
      batch.push({ opId: randomUUID(), entity: k.entity, id: k.id, baseVersion: k.version, changes });
    const create = (entity: string, schoolId: string, changes: Record<string, unknown>) => {
      const id = randomUUID();
      known.set(id, { entity, id, version: 0, schoolId, deleted: false });
      batch.push({ opId: randomUUID(), entity, id, baseVersion: null, changes });
    };
    while (batch.length < options.burst) {
      const roll = Math.random();
      const school = pick(live('school'));
      if (roll < 0.2) edit(school, { enrolment: 100 + Math.floor(Math.random() * 900) });
      else if (roll < 0.4) create('teacher', school.id, teacherOf(school.id));
      else if (roll < 0.6) {
        const teacher = pick(live('teacher'));
        if (teacher) edit(teacher, { lastName: `L${Math.floor(Math.random() * 1e6)}` });
      } else if (roll < 0.8) {
        const visit = pick(live('schoolVisit'));
        const teacher = pick(live('teacher').filter((t) => t.schoolId === visit?.schoolId));
        if (visit && teacher) create('teacherVisit', visit.schoolId, lessonOf(visit.id, teacher.id));
      } else if (roll < 0.9) {
        const visit = pick(live('schoolVisit'));
        const status = pick(['pending', 'approved', 'flagged'] as const);
        // Within the visit's record rules: a flag says why, a follow-up only on a flagged visit.
        const review =
          status === 'flagged'
            ? { reviewStatus: status, reviewComment: 'Flagged in a burst' }
            : { reviewStatus: status, followUpDate: null, followUpNote: null };
        if (visit) edit(visit, review);
      } else if (roll < 0.95) {
        const lesson = pick(live('teacherVisit'));
        if (lesson) edit(lesson, { score: Math.floor(Math.random() * 100) });
      } else {
        // A delete that cascades into lesson observations others are writing, and a new visit instead.
        const visits = live('schoolVisit');
        if (visits.length > 20) {
          const visit = pick(visits);
          batch.push({
            opId: randomUUID(),
            entity: 'schoolVisit',
            id: visit.id,
            baseVersion: visit.version,
            delete: true,
          });
        }
        create('schoolVisit', school.id, visitOf(school.id));
      }
    }
    return batch.slice(0, options.burst);
  };

  const deadlocksBefore = await deadlocksOf(options.databaseUrl);
  const report: BurstReport = {
    pushes: 0,
    ops: 0,
    applied: 0,
    conflicts: 0,
    rejected: 0,
    http500: 0,
    http503: 0,
    otherStatus: 0,
    deadlocks: null,
    ms: 0,
    p50: 0,
    p99: 0,
  };
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.writers }, async () => {
      const session = await login();
      for (let round = 0; round < options.rounds; round++) {
        const batch = burstOps();
        const sent = performance.now();
        const res = await post(
          options.url,
          '/api/sync',
          { cursors: {}, push: batch, limit: 1, ...(session.clientId ? { clientId: session.clientId } : {}) },
          session.token,
        );
        latencies.push(performance.now() - sent);
        report.pushes++;
        report.ops += batch.length;
        if (res.status === 500) report.http500++;
        else if (res.status === 503) report.http503++;
        else if (res.status !== 200) report.otherStatus++;
        if (res.status !== 200) {
          report.firstError ??= `HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          continue;
        }
        const results = res.body.results as OpResult[];
        remember(results, batch);
        for (const r of results) {
          if (r.status === 'applied' || r.status === 'duplicate') report.applied++;
          else if (r.status === 'conflict') report.conflicts++;
          else report.rejected++;
        }
      }
    }),
  );
  report.ms = Math.round(performance.now() - started);
  latencies.sort((a, b) => a - b);
  report.p50 = Math.round(latencies[Math.floor(latencies.length * 0.5)] ?? 0);
  report.p99 = Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0);
  if (deadlocksBefore !== null) {
    // Backends report their counters to the statistics system about once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    report.deadlocks = ((await deadlocksOf(options.databaseUrl)) ?? 0) - deadlocksBefore;
  }
  return report;
}

function teacherOf(schoolId: string) {
  return { schoolId, firstName: 'Burst', lastName: 'Writer', gender: 'female', active: true };
}

function visitOf(schoolId: string) {
  return {
    schoolId,
    visitDate: '2026-03-02',
    monitorId: 'monitor-1',
    monitorName: 'Burst Monitor',
    status: 'completed',
    reviewStatus: 'pending',
  };
}

function lessonOf(schoolVisitId: string, teacherId: string) {
  return { schoolVisitId, teacherId, lessonObserved: true, subject: 'Mathematics', grade: 3 };
}
