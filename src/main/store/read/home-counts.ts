import type { HomeCounts } from '../../../shared/ipc/schemas/home.js';
import type { RecordReader } from './record-reader.js';
import { visitFrom, visitWhere } from './visit-conditions.js';
import { worklistConditions } from './worklist.js';

/**
 * The home page's counts in one statement. The two visit counts are built from the worklist's own
 * conditions (its "Awaiting review" tab, and its "Follow-up due" filter over every tab), so each count
 * is the number of rows the list it opens shows; conflicts, photo uploads and the outbox are counted
 * where the Conflicts and Queue screens read them.
 */
export function readHomeCounts(reader: RecordReader, today: () => string): HomeCounts {
  const awaiting = visitWhere(reader, worklistConditions({ tab: 'pending', filter: {} }), today);
  const due = visitWhere(reader, worklistConditions({ tab: 'all', filter: { followUpDue: true } }), today);
  const row = reader
    .prepare(
      'home:counts',
      () => `select
        (select count(*) ${visitFrom(reader, awaiting.joins)} where ${awaiting.sql}) as awaitingReview,
        (select count(*) ${visitFrom(reader, due.joins)} where ${due.sql}) as followUpsDue,
        (select count(*) from conflicts where status = 'open') as openConflicts,
        (select count(*) from photo_uploads where state <> 'done') as photosNotUploaded,
        (select count(*) from outbox where state in ('failed', 'needs_attention')) as needsAttention`,
    )
    .get({ ...awaiting.bind, ...due.bind }) as Omit<HomeCounts, 'today'>;
  return { ...row, today: today() };
}
