import {
  DATA_FOLDER_MOVE_PHASES,
  type DataFolderMovePhase,
  type DataFolderProgress,
} from '../../../shared/ipc/schemas/data-folder.js';
import type { CopyProgress } from './copy-data-folder.js';

export type MoveProgressListener = (progress: DataFolderProgress) => void;

/**
 * The progress events of one move. A new phase goes out at once; within the copy, an event goes out
 * only when the bytes copied reach a new whole percent of the total. That bounds a move to about a
 * hundred copy events whatever its speed or its number of files (a card's worth of photos is
 * thousands), where a time throttle would send a fast local copy as a single jump from nothing to
 * done. Nothing ever goes backwards: the phase only steps forward, the counts only grow.
 */
export class MoveProgress {
  private state: DataFolderProgress;
  private sentPercent = -1;

  constructor(
    from: string,
    to: string,
    private readonly emit: MoveProgressListener,
  ) {
    this.state = { phase: 'preparing', from, to, bytesCopied: 0, bytesTotal: 0, filesCopied: 0, filesTotal: 0 };
  }

  /** The move has begun: work already running ends and the database closes. */
  start(): void {
    this.emit(this.state);
  }

  /** Merges the copy's figures; emits on a new phase or a new whole percent. */
  copy(update: CopyProgress): void {
    const prev = this.state;
    if (rank(update.phase) < rank(prev.phase)) return;
    this.state = {
      ...prev,
      phase: update.phase,
      bytesTotal: Math.max(prev.bytesTotal, update.bytesTotal),
      filesTotal: Math.max(prev.filesTotal, update.filesTotal),
      bytesCopied: Math.max(prev.bytesCopied, update.bytesCopied),
      filesCopied: Math.max(prev.filesCopied, update.filesCopied),
    };
    const percent =
      this.state.bytesTotal > 0 ? Math.floor((100 * this.state.bytesCopied) / this.state.bytesTotal) : 100;
    if (this.state.phase !== prev.phase || percent > this.sentPercent) {
      this.sentPercent = percent;
      this.emit(this.state);
    }
  }

  /** The app starts using the copy. */
  switching(): void {
    this.step('switching');
  }

  /** The move ended, however it went (the request's answer says how). */
  finish(): void {
    this.step('finished');
  }

  private step(phase: DataFolderMovePhase): void {
    if (rank(phase) <= rank(this.state.phase)) return;
    this.state = { ...this.state, phase };
    this.emit(this.state);
  }
}

function rank(phase: DataFolderMovePhase): number {
  return DATA_FOLDER_MOVE_PHASES.indexOf(phase);
}
