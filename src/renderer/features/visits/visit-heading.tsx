import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Caption1,
  makeStyles,
  Title3,
  tokens,
} from '@fluentui/react-components';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { useT } from '../../state/i18n/use-t.js';
import { navigate } from '../../state/use-route.js';

const useStyles = makeStyles({ muted: { color: tokens.colorNeutralForeground3 } });

/** Where the visit is (its school, a way back), its title with markers, and who made it. */
export function VisitHeading({ visit, school }: { readonly visit: RecordView; readonly school: RecordView }) {
  const styles = useStyles();
  const { t, show } = useT();
  return (
    <>
      <Breadcrumb aria-label={t('visits:heading.where')}>
        <BreadcrumbItem>
          <BreadcrumbButton onClick={() => navigate({ screen: 'schools', schoolId: school.id })}>
            {school.title}
          </BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current>
            {t('visits:heading.visitOn', { date: show.fieldValue('schoolVisit', 'visitDate', visit.fields.visitDate) })}
          </BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <Title3 as="h1" block data-testid="visit-title">
        {visit.title} <RecordMarkers pending={visit.localState === 'pending'} conflicted={visit.conflicted} />
      </Title3>
      <Caption1 className={styles.muted} data-testid="visit-byline">
        {t('visits:heading.byline', {
          monitor: show.value(visit.fields.monitorName),
          status: show.fieldValue('schoolVisit', 'status', visit.fields.status),
        })}
      </Caption1>
    </>
  );
}
