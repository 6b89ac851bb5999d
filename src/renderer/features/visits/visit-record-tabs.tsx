import { Badge, Caption1, makeStyles, Tab, TabList } from '@fluentui/react-components';
import { useState } from 'react';
import type { VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { useT } from '../../state/i18n/use-t.js';
import { AssessmentsPanel } from './assessments-panel.js';
import { positionOf } from './photo-place.js';
import { GenericPanel, MonitoringPanel, TeacherVisitsPanel } from './visit-panels.js';
import { VisitPhotos } from './visit-photos.js';
import { VisitPicture } from './visit-picture.js';

const useStyles = makeStyles({ tabs: { marginTop: '12px' }, panel: { paddingTop: '12px' } });

/** Kinds of record with a panel of their own; any other kind in the visit gets a generic panel. */
const KNOWN_PANELS = ['teacherVisit', 'pupilAssessment', 'monitoringAnswer', 'sectionAnswer', 'assessmentResult'];

/** A tab per kind of record in the visit (with counts) and the photos, and the chosen tab's panel. */
export function VisitRecordTabs({ graph }: { readonly graph: VisitGraph }) {
  const styles = useStyles();
  const { t, words } = useT();
  const [tab, setTab] = useState('teacherVisit');
  const { visit, nodes } = graph;
  const otherTypes = [...new Set(nodes.map((n) => n.entity))].filter((e) => !KNOWN_PANELS.includes(e));
  const count = (entity: string) => nodes.filter((n) => n.entity === entity).length;
  return (
    <>
      <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(String(d.value))}>
        <CountTab value="teacherVisit" label={t('visits:tabs.observations')} count={count('teacherVisit')} />
        <CountTab value="pupilAssessment" label={t('visits:tabs.assessments')} count={count('pupilAssessment')} />
        <CountTab value="monitoringAnswer" label={t('visits:tabs.monitoring')} count={count('monitoringAnswer')} />
        <Tab value="photos">{t('visits:tabs.photos')}</Tab>
        <Tab value="related" data-testid="tab-related">
          {t('visits:picture.title')}
        </Tab>
        {otherTypes
          .filter((e) => e !== 'photo')
          .map((e) => (
            <Tab key={e} value={e}>
              {words.kind(e, 'other')}
            </Tab>
          ))}
      </TabList>
      <div className={styles.panel}>
        {tab === 'teacherVisit' ? <TeacherVisitsPanel graph={graph} /> : null}
        {tab === 'pupilAssessment' ? <AssessmentsPanel graph={graph} /> : null}
        {tab === 'monitoringAnswer' ? <MonitoringPanel graph={graph} /> : null}
        {tab === 'photos' ? (
          <VisitPhotos
            visitId={visit.id}
            school={positionOf(graph.school.fields.latitude, graph.school.fields.longitude)}
          />
        ) : null}
        {tab === 'related' ? (
          <>
            <Caption1 block>{t('visits:picture.hint')}</Caption1>
            <VisitPicture graph={graph} />
          </>
        ) : null}
        {otherTypes.includes(tab) && tab !== 'photo' ? <GenericPanel graph={graph} entity={tab} /> : null}
      </div>
    </>
  );
}

/** A tab naming a kind of record with how many the visit has. */
function CountTab({ value, label, count }: { readonly value: string; readonly label: string; readonly count: number }) {
  const { format } = useT();
  return (
    <Tab value={value}>
      {label}{' '}
      <Badge appearance="tint" size="small">
        {format.number(count)}
      </Badge>
    </Tab>
  );
}
