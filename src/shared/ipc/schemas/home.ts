import { z } from 'zod';

const count = z.number().int().min(0);

/**
 * What needs the signed-in officer today, each a count the home page opens as a filtered list. The
 * visit counts are scoped as the worklist is (the live visits of this officer's store), so a count
 * always equals the rows its list shows.
 */
export const homeCountsSchema = z.object({
  /** Visits awaiting review: the worklist's "Awaiting review" tab. */
  awaitingReview: count,
  /** Flagged visits whose follow-up date is today or past: the worklist's "Follow-up due" filter. */
  followUpsDue: count,
  /** Conflicts waiting for the officer's choice: the Conflicts screen. */
  openConflicts: count,
  /** Photos imported on this computer and not yet on the server (queued, uploading or failed). */
  photosNotUploaded: count,
  /** Changes the server refused or that keep failing (outbox: needs attention, failed): the Queue. */
  needsAttention: count,
  /** The store's today (`YYYY-MM-DD`), by which follow-ups are due. */
  today: z.iso.date(),
});
export type HomeCounts = z.infer<typeof homeCountsSchema>;
