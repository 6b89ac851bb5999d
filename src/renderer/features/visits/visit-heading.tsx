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
import { formatValue, humanize } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { navigate } from '../../state/use-route.js';

const useStyles = makeStyles({ muted: { color: tokens.colorNeutralForeground3 } });

/** Where the visit is (its school, a way back), its title with markers, and who made it. */
export function VisitHeading({ visit, school }: { readonly visit: RecordView; readonly school: RecordView }) {
  const styles = useStyles();
  return (
    <>
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
    </>
  );
}
