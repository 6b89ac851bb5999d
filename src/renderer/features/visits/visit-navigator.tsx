import { Button, Caption1, makeStyles, Tooltip, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import type { WorklistNeighbours } from '../../../shared/ipc/schemas/worklist.js';
import { useT } from '../../state/i18n/use-t.js';
import { navigate } from '../../state/use-route.js';

const useStyles = makeStyles({
  nav: { display: 'flex', alignItems: 'center', gap: '4px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Opens another visit of the worklist in place of this one. */
export const openVisit = (visitId: string) => navigate({ screen: 'visit', visitId });

/**
 * Previous / Next through the worklist (Ctrl+, and Ctrl+. as in Outlook) and where this visit is in
 * it ("3 of 120"). Shows nothing for a visit opened from elsewhere that the list does not hold.
 */
export function VisitNavigator({ neighbours }: { readonly neighbours: WorklistNeighbours | undefined }) {
  const styles = useStyles();
  const { t, format } = useT();
  const latest = useRef(neighbours);
  latest.current = neighbours;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = event.key === '.' ? latest.current?.next : event.key === ',' ? latest.current?.previous : null;
      if (!target) return;
      event.preventDefault();
      openVisit(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!neighbours || neighbours.position === null) return null;
  const { previous, next, position, total } = neighbours;
  return (
    <nav className={styles.nav} aria-label={t('visits:navigator.label')} data-testid="visit-navigator">
      <Tooltip content={t('visits:navigator.previousTip')} relationship="description">
        <Button
          size="small"
          appearance="subtle"
          icon={<ChevronLeftRegular />}
          disabled={!previous}
          onClick={() => previous && openVisit(previous)}
          data-testid="visit-previous"
        >
          {t('visits:navigator.previous')}
        </Button>
      </Tooltip>
      <Caption1 className={styles.muted} data-testid="visit-position">
        {t('visits:navigator.position', { position: format.number(position), total: format.number(total) })}
      </Caption1>
      <Tooltip content={t('visits:navigator.nextTip')} relationship="description">
        <Button
          size="small"
          appearance="subtle"
          icon={<ChevronRightRegular />}
          iconPosition="after"
          disabled={!next}
          onClick={() => next && openVisit(next)}
          data-testid="visit-next"
        >
          {t('visits:navigator.next')}
        </Button>
      </Tooltip>
    </nav>
  );
}
