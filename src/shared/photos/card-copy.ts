/**
 * Why a file was skipped such that trying the card again could still copy it: it was pulled out
 * mid-read, another program held the file, or a read failed. Any other reason (not a photo, empty,
 * too large, damaged, a link or name that cannot be followed) stays true of the file on the card.
 */
const COPYABLE_LATER = new Set(['removed', 'locked', 'unreadable']);

/**
 * Files of a scan that are still only on the card: while there are none, every photo on it is copied to
 * this computer and the officer may take the card out before reviewing and importing.
 */
export function filesLeftOnCard(skipped: readonly { readonly reason: string }[]): number {
  return skipped.filter((s) => COPYABLE_LATER.has(s.reason)).length;
}
