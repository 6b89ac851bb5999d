import type { AppError } from './errors.js';

/**
 * Progress of the photo pipeline, as main sends it to the import screen and the taskbar.
 * Read-only events tagged by kind; byte counts only ever grow (a re-sent part is not counted twice).
 */

/** What one file's upload is doing. */
export type PhotoUploadState = 'queued' | 'uploading' | 'retrying' | 'done' | 'failed';

/** One file's upload progress. */
export interface PhotoFileProgress {
  readonly kind: 'photo-file';
  readonly sha256: string;
  readonly originalName: string;
  readonly state: PhotoUploadState;
  /** Bytes of this file the server has acknowledged. */
  readonly bytesAcked: number;
  readonly size: number;
  /** Set when `state` is `retrying` or `failed`. */
  readonly error?: AppError;
}

/** The whole queue's progress. */
export interface PhotoOverallProgress {
  readonly kind: 'photo-overall';
  readonly filesDone: number;
  readonly filesFailed: number;
  readonly filesTotal: number;
  readonly bytesAcked: number;
  readonly bytesTotal: number;
  /** Acknowledged bytes per second over the recent window. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current rate; `null` when unknown (no rate yet). */
  readonly etaSeconds: number | null;
}

/** Progress of scanning a folder or card. */
export interface PhotoScanProgress {
  readonly kind: 'photo-scan';
  readonly filesSeen: number;
  readonly filesProcessed: number;
  readonly bytesHashed: number;
  /** The file being read, relative to the import root. */
  readonly current?: string;
}

export type PhotoEvent = PhotoFileProgress | PhotoOverallProgress | PhotoScanProgress;
