import {
  Badge,
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { entityGraph } from '../../../shared/entity-graph.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatValue, humanize } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { navigate } from '../../state/use-route.js';
import { ReviewCard } from './review-card.js';
import { AssessmentsPanel, GenericPanel, MonitoringPanel, TeacherVisitsPanel } from './visit-panels.js';
import { VisitPhotos } from './visit-photos.js';
import { VisitPicture } from './visit-picture.js';

const useStyles = makeStyles({
  root: { padding: '16px 20px', overflowY: 'auto', height: '100%', boxSizing: 'border-box' },
  top: { display: 'grid', gridTemplateColumns: 'minmax(0, 1.4fr) minmax(280px, 1fr)', gap: '16px', margin: '12px 0' },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '8px 20px' },
  fact: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  panel: { paddingTop: '12px' },
});

const VISIT_FACTS = ['visitDate', 'monitorName', 'status', 'latitude', 'longitude', 'notes'] as const;
const KNOWN_PANELS = ['teacherVisit', 'pupilAssessment', 'monitoringAnswer', 'sectionAnswer', 'assessmentResult'];

/** One visit's whole graph: panels per kind of record, a picture of how they relate, and the review. */
export function VisitScreen({ visitId }: { readonly visitId: string }) {
  const styles = useStyles();
  const api = useApi();
  const graph = useResult(() => api.graph.visit({ id: visitId }), [visitId]);
  useReloadOnDataChange(
    entityGraph.ordered.map((d) => d.name),
    graph.reload,
  );
  const [tab, setTab] = useState('teacherVisit');
  if (graph.error)
    return (
      <div className={styles.root}>
        <ErrorNotice error={graph.error} />
      </div>
    );
  if (!graph.data) return <Spinner label="Loading visit…" />;
  const { visit, school, nodes } = graph.data;
  const otherTypes = [...new Set(nodes.map((n) => n.entity))].filter((e) => !KNOWN_PANELS.includes(e));
  const count = (entity: string) => nodes.filter((n) => n.entity === entity).length;
  const label = (entity: string) => entityGraph.byName.get(entity)?.label ?? entity;
  return (
    <div
      className={styles.root}
      data-testid="visit-screen"
      data-visit-id={visit.id}
      data-local-state={visit.localState}
    >
      <Breadcrumb aria-label="Where this visit is">
        <BreadcrumbItem>
          <BreadcrumbButton onClick={() => navigate({ screen: 'schools', schoolId: school.id })}>
            {school.title}
          </BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current>Visit on {formatValue(visit.fields.visitDate)}</BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <Title3 as="h1" block data-testid="visit-title">
        {visit.title} <RecordMarkers pending={visit.localState === 'pending'} conflicted={visit.conflicted} />
      </Title3>
      <Caption1 className={styles.muted} data-testid="visit-byline">
        Visit by {formatValue(visit.fields.monitorName)} · {humanize(String(visit.fields.status))}
      </Caption1>
      <div className={styles.top}>
        <Card>
          <CardHeader
            header={<Subtitle2>{school.title}</Subtitle2>}
            description={<Caption1>EMIS {formatValue(school.fields.emisCode)}</Caption1>}
          />
          <div className={styles.facts}>
            {VISIT_FACTS.map((field) => (
              <div key={field} className={styles.fact}>
                <Caption1 className={styles.muted}>{humanize(field)}</Caption1>
                <Text>
                  {field === 'status' ? humanize(String(visit.fields.status)) : formatValue(visit.fields[field])}
                </Text>
              </div>
            ))}
          </div>
        </Card>
        <ReviewCard key={visit.id} visit={visit} />
      </div>
      <Card>
        <CardHeader
          header={<Subtitle2>Related records</Subtitle2>}
          description={<Caption1>Unsynced records are amber, conflicts red; dashed lines are references.</Caption1>}
        />
        <VisitPicture graph={graph.data} />
      </Card>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(String(d.value))} style={{ marginTop: 12 }}>
        <CountTab value="teacherVisit" label="Lesson observations" count={count('teacherVisit')} />
        <CountTab value="pupilAssessment" label="Pupil assessments" count={count('pupilAssessment')} />
        <CountTab value="monitoringAnswer" label="Monitoring" count={count('monitoringAnswer')} />
        <Tab value="photos">Photos</Tab>
        {otherTypes
          .filter((e) => e !== 'photo')
          .map((e) => (
            <Tab key={e} value={e}>
              {label(e)}
            </Tab>
          ))}
      </TabList>
      <div className={styles.panel}>
        {tab === 'teacherVisit' ? <TeacherVisitsPanel graph={graph.data} /> : null}
        {tab === 'pupilAssessment' ? <AssessmentsPanel graph={graph.data} /> : null}
        {tab === 'monitoringAnswer' ? <MonitoringPanel graph={graph.data} /> : null}
        {tab === 'photos' ? <VisitPhotos visitId={visit.id} /> : null}
        {otherTypes.includes(tab) && tab !== 'photo' ? <GenericPanel graph={graph.data} entity={tab} /> : null}
      </div>
    </div>
  );
}

/** A tab naming a kind of record with how many the visit has. */
function CountTab({ value, label, count }: { readonly value: string; readonly label: string; readonly count: number }) {
  return (
    <Tab value={value}>
      {label}{' '}
      <Badge appearance="tint" size="small">
        {count}
      </Badge>
    </Tab>
  );
}
