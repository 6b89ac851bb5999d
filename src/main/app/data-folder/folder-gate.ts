import { type AppError, err, type Result } from '../../../shared/errors.js';

/**
 * Who may use the data folder: any number of requests side by side, or one move alone. From the
 * moment a move closes the gate, new requests are refused at once with its error; the move goes on
 * once the requests already running (accepted before it) have finished.
 */
export class FolderGate {
  private running = 0;
  private refusal: AppError | undefined;
  private idle: (() => void) | undefined;

  /** A move has the folder. */
  get closed(): boolean {
    return this.refusal !== undefined;
  }

  /** Runs a request that uses the folder, or answers the move's refusal while one runs. */
  async use<T>(run: () => Promise<Result<T>> | Result<T>): Promise<Result<T>> {
    if (this.refusal) return err(this.refusal);
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
      if (this.running === 0) this.idle?.();
    }
  }

  /**
   * Refuses new requests with `refusal` until `open`; resolves once none is running. Only one move
   * at a time: closing a closed gate is a bug.
   */
  close(refusal: AppError): Promise<void> {
    if (this.refusal) throw new Error('The data folder gate is already closed');
    this.refusal = refusal;
    return new Promise((resolve) => {
      this.idle = () => {
        this.idle = undefined;
        resolve();
      };
      if (this.running === 0) this.idle();
    });
  }

  open(): void {
    this.refusal = undefined;
    this.idle = undefined;
  }
}
