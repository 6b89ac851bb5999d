/**
 * What a progress display says about a running sync phase: how far (done of total, percent), how fast
 * and how long is left. Shared by the status bar, the taskbar and the CLI's `--progress`, so the three
 * never disagree. No Node or DOM types: the renderer imports it.
 */
import type { SyncProgressEvent } from './sync-events.js';

/** Where the current phase started: the first event the display saw of it. */
export interface PhaseStart {
  readonly syncId: number;
  readonly phase: SyncProgressEvent['phase'];
  readonly elapsedMs: number;
  readonly done: number;
  readonly bytes: number;
}

export interface ProgressFigures {
  readonly done: number;
  /** Absent while the total is unknown. */
  readonly total?: number;
  /** 0..1, absent without a total. */
  readonly fraction?: number;
  /** Units (records, operations, photos) per second in this phase, once measurable. */
  readonly unitsPerSecond?: number;
  /** Bytes on the wire per second in this phase (down while receiving, up otherwise), once measurable. */
  readonly bytesPerSecond?: number;
  /** Seconds left at the phase's rate so far, when there is a total and a rate. */
  readonly secondsLeft?: number;
  /** Bytes of the phase's files done and in all (photos): then `fraction` and `secondsLeft` follow the bytes. */
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
}

/** The phase counts its files' bytes (photos): the size that measures how far it is, not the file count. */
function fileBytes(event: SyncProgressEvent): { done: number; total: number } | undefined {
  return event.bytesTotal !== undefined && event.bytesTotal > 0
    ? { done: Math.min(event.bytesDone ?? 0, event.bytesTotal), total: event.bytesTotal }
    : undefined;
}

/**
 * The bytes that measure a phase: its files' bytes when it counts them (photos: a 6 MB photo is not a
 * 40 KB one), else what it downloads while pulling and uploads after.
 */
function phaseBytes(event: SyncProgressEvent): number {
  const files = fileBytes(event);
  if (files) return files.done;
  return event.phase === 'pull' ? event.bytesDown : event.bytesUp;
}

/** The start of `event`'s phase: `previous` while the same sync stays in the same phase, else now. */
export function phaseStartOf(event: SyncProgressEvent, previous: PhaseStart | undefined): PhaseStart {
  if (previous && previous.syncId === event.syncId && previous.phase === event.phase) return previous;
  return {
    syncId: event.syncId,
    phase: event.phase,
    elapsedMs: event.elapsedMs,
    done: event.done,
    bytes: phaseBytes(event),
  };
}

/** A rate needs at least this much time behind it to mean anything. */
const MIN_MEASURED_MS = 1_000;

/**
 * The figures of `event` measured from its phase's start. The fraction never exceeds 1 and, since
 * `done` and `total` come from a stream that never goes backwards, never goes back either.
 */
export function progressFigures(event: SyncProgressEvent, start: PhaseStart): ProgressFigures {
  const total = event.total !== undefined && event.total > 0 ? Math.max(event.total, event.done) : undefined;
  const files = fileBytes(event);
  const ms = event.elapsedMs - start.elapsedMs;
  const measured = ms >= MIN_MEASURED_MS && start.phase === event.phase && start.syncId === event.syncId;
  const unitsPerSecond = measured ? ((event.done - start.done) * 1000) / ms : undefined;
  const bytesPerSecond = measured ? Math.max(0, ((phaseBytes(event) - start.bytes) * 1000) / ms) : undefined;
  // Photos: how far and how long by bytes; records and operations: by count.
  const left = files
    ? bytesPerSecond !== undefined && bytesPerSecond > 0
      ? (files.total - files.done) / bytesPerSecond
      : undefined
    : total !== undefined && unitsPerSecond !== undefined && unitsPerSecond > 0
      ? (total - event.done) / unitsPerSecond
      : undefined;
  const fraction = files ? files.done / files.total : total === undefined ? undefined : event.done / total;
  return {
    done: event.done,
    ...(total === undefined ? {} : { total }),
    ...(fraction === undefined ? {} : { fraction: Math.min(1, fraction) }),
    ...(files ? { bytesDone: files.done, bytesTotal: files.total } : {}),
    ...(unitsPerSecond === undefined ? {} : { unitsPerSecond }),
    ...(bytesPerSecond === undefined ? {} : { bytesPerSecond }),
    ...(left === undefined ? {} : { secondsLeft: left }),
  };
}

/** What the Windows taskbar button shows: a bar from 0 to 1, an indeterminate one, or nothing. */
export type TaskbarBar = { readonly value: number; readonly mode?: 'indeterminate' } | null;

/**
 * The taskbar's bar for a sync progress event, the same measure as the status bar's: by bytes while
 * photos upload, by count otherwise, indeterminate while the total is unknown, none once idle.
 */
export function taskbarBar(event: SyncProgressEvent): TaskbarBar {
  if (event.phase === 'idle') return null;
  const files = fileBytes(event);
  if (files) return { value: Math.min(1, files.done / files.total) };
  if (event.total) return { value: Math.min(1, event.done / event.total) };
  return { value: 2, mode: 'indeterminate' };
}
