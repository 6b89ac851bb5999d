import { makeStyles, Spinner } from '@fluentui/react-components';
import { entityGraph } from '../../../shared/entity-graph.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { ReviewCard } from './review-card.js';
import { useWorklistNeighbours } from './use-worklist-neighbours.js';
import { VisitFactsCard } from './visit-facts-card.js';
import { VisitHeading } from './visit-heading.js';
import { VisitNavigator } from './visit-navigator.js';
import { VisitRecordTabs } from './visit-record-tabs.js';

const useStyles = makeStyles({
  root: { padding: '16px 20px', overflowY: 'auto', height: '100%', boxSizing: 'border-box' },
  top: { display: 'grid', gridTemplateColumns: 'minmax(0, 1.4fr) minmax(280px, 1fr)', gap: '16px', margin: '12px 0' },
});

/**
 * One visit's whole graph: where it is in the worklist, its facts and review above the fold, then a tab
 * per kind of record and one for the picture of how they relate.
 */
export function VisitScreen({ visitId }: { readonly visitId: string }) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const graph = useResult(() => api.graph.visit({ id: visitId }), [visitId]);
  const neighbours = useWorklistNeighbours(visitId);
  useReloadOnDataChange(
    entityGraph.ordered.map((d) => d.name),
    graph.reload,
  );
  if (graph.error)
    return (
      <div className={styles.root}>
        <ErrorNotice error={graph.error} />
      </div>
    );
  if (!graph.data) return <Spinner label={t('visits:loading')} />;
  const { visit, school } = graph.data;
  return (
    <div
      className={styles.root}
      data-testid="visit-screen"
      data-visit-id={visit.id}
      data-local-state={visit.localState}
    >
      <VisitNavigator neighbours={neighbours} />
      <VisitHeading visit={visit} school={school} />
      <div className={styles.top}>
        <VisitFactsCard visit={visit} school={school} />
        <ReviewCard key={visit.id} visit={visit} next={neighbours?.next ?? null} />
      </div>
      <VisitRecordTabs graph={graph.data} />
    </div>
  );
}
