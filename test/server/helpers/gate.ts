/**
 * Holds one write transaction at a named point until released: `arm('beforeCommit')`, then the next
 * transaction to reach that point waits (and `reached` resolves) until `release()`.
 */
export class Gate {
  private armed: string | undefined;
  private open: (() => void) | undefined;
  private signal: (() => void) | undefined;
  reached: Promise<void> = Promise.resolve();

  arm(point: string): void {
    this.armed = point;
    this.reached = new Promise((resolve) => {
      this.signal = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.open = undefined;
  }

  /** Called by the hook at `point`. */
  async pass(point: string): Promise<void> {
    if (this.armed !== point) return;
    this.armed = undefined;
    const held = new Promise<void>((resolve) => {
      this.open = resolve;
    });
    this.signal?.();
    await held;
  }
}
