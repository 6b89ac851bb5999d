import { Caption1, makeStyles, Spinner, Subtitle2, Text, Title3, tokens } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { VisitRow } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { usePagedRows } from '../../components/use-paged-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import { TeachersCard } from './school-teachers-card.js';
import { SchoolVisitsTable } from './school-visits-table.js';

const useStyles = makeStyles({
  // In the page's one scroll area: the panel is as tall as what it holds.
  root: { display: 'flex', flexDirection: 'column', gap: '16px' },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: '8px 24px' },
  fact: { display: 'flex', flexDirection: 'column' },
  visits: { display: 'flex', flexDirection: 'column', gap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SCHOOL_FACTS = ['emisCode', 'type', 'enrolment', 'headTeacher', 'phone', 'active'] as const;

/** A school's facts, its teachers and its visits (paged). */
export function SchoolPanel({
  schoolId,
  teacherId,
}: {
  readonly schoolId: string;
  readonly teacherId?: string | undefined;
}) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const api = useApi();
  const detail = useResult(() => api.graph.school({ id: schoolId }), [schoolId]);
  const fetchVisits = useCallback(
    (offset: number, limit: number) => api.graph.visits({ schoolId, offset, limit }),
    [api, schoolId],
  );
  const visits = usePagedRows<VisitRow>(fetchVisits, [schoolId]);
  useReloadOnDataChange(['school', 'teacher', 'schoolVisit'], () => {
    detail.reload();
    visits.reload();
  });
  if (detail.error) return <ErrorNotice error={detail.error} />;
  if (!detail.data) return <Spinner label={t('schools:panel.loading')} />;
  const { school, teachers, path } = detail.data;
  return (
    <div className={styles.root} data-testid="school-panel" data-school-id={school.id}>
      <div>
        <Caption1 className={styles.muted}>{path.map((p) => p.name).join(' › ')}</Caption1>
        <Title3 as="h1" block data-testid="school-name">
          {school.title} <RecordMarkers pending={school.localState === 'pending'} conflicted={school.conflicted} />
        </Title3>
      </div>
      <div className={styles.facts}>
        {SCHOOL_FACTS.map((field) => (
          <div key={field} className={styles.fact}>
            <Caption1 className={styles.muted}>{words.field('school', field)}</Caption1>
            <Text>{show.fieldValue('school', field, school.fields[field])}</Text>
          </div>
        ))}
      </div>
      <TeachersCard teachers={teachers} {...(teacherId ? { highlighted: teacherId } : {})} />
      <section className={styles.visits} aria-label={t('schools:panel.visits')}>
        <Subtitle2>{t('schools:panel.visitsCount', { count: detail.data.visits })}</Subtitle2>
        <SchoolVisitsTable rows={visits} />
      </section>
    </div>
  );
}
