import { Caption1, Card, CardHeader, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px 20px' },
  fact: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const VISIT_FACTS = ['visitDate', 'monitorName', 'status', 'latitude', 'longitude', 'notes'] as const;

/** The visited school and the visit's own fields. */
export function VisitFactsCard({ visit, school }: { readonly visit: RecordView; readonly school: RecordView }) {
  const styles = useStyles();
  const { t, words, show } = useT();
  return (
    <Card>
      <CardHeader
        header={<Subtitle2>{school.title}</Subtitle2>}
        description={<Caption1>{t('visits:facts.emis', { code: show.value(school.fields.emisCode) })}</Caption1>}
      />
      <div className={styles.facts}>
        {VISIT_FACTS.map((field) => (
          <div key={field} className={styles.fact}>
            <Caption1 className={styles.muted}>{words.field('schoolVisit', field)}</Caption1>
            <Text>{show.fieldValue('schoolVisit', field, visit.fields[field])}</Text>
          </div>
        ))}
      </div>
    </Card>
  );
}
