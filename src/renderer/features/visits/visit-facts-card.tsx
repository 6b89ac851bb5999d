import { Caption1, Card, CardHeader, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { formatValue, humanize } from '../../components/format.js';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px 20px' },
  fact: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const VISIT_FACTS = ['visitDate', 'monitorName', 'status', 'latitude', 'longitude', 'notes'] as const;

/** The visited school and the visit's own fields. */
export function VisitFactsCard({ visit, school }: { readonly visit: RecordView; readonly school: RecordView }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader
        header={<Subtitle2>{school.title}</Subtitle2>}
        description={<Caption1>EMIS {formatValue(school.fields.emisCode)}</Caption1>}
      />
      <div className={styles.facts}>
        {VISIT_FACTS.map((field) => (
          <div key={field} className={styles.fact}>
            <Caption1 className={styles.muted}>{humanize(field)}</Caption1>
            <Text>{field === 'status' ? humanize(String(visit.fields.status)) : formatValue(visit.fields[field])}</Text>
          </div>
        ))}
      </div>
    </Card>
  );
}
