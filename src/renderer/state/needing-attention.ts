/**
 * Changes the officer should look at: refused by the server or failing to send. One definition for the
 * status bar, the navigation's Queue count and the queue's "Held or failing" tab, matching Home's card.
 */
export function needingAttention(queue: { readonly failed: number; readonly needsAttention: number }): number {
  return queue.failed + queue.needsAttention;
}
