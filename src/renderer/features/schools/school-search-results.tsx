import { Button, Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { MAX_SEARCH_HITS, type SearchHit } from '../../../shared/ipc/schemas/graph.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { routeHash } from '../../state/use-route.js';

const useStyles = makeStyles({
  hit: {
    display: 'flex',
    flexDirection: 'column',
    padding: '6px 8px',
    cursor: 'pointer',
    color: 'inherit',
    textDecoration: 'none',
    borderRadius: tokens.borderRadiusMedium,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  hits: { overflowY: 'auto', flex: '1 1 auto' },
  count: { display: 'flex', alignItems: 'center', gap: '8px', padding: '0 8px' },
});

/** Where a hit leads: a school opens; a teacher opens their school with them marked. */
function hitRoute(hit: SearchHit) {
  if (!hit.schoolId) return routeHash({ screen: 'schools' });
  return routeHash(
    hit.entity === 'teacher'
      ? { screen: 'schools', schoolId: hit.schoolId, teacherId: hit.id }
      : { screen: 'schools', schoolId: hit.schoolId },
  );
}

/**
 * Schools, EMIS codes and teachers matching the text, each a link to what it names; says how many of
 * all the matches it shows, and can show them all.
 */
export function SchoolSearchResults({ text }: { readonly text: string }) {
  const styles = useStyles();
  const { t, words } = useT();
  const api = useApi();
  const [all, setAll] = useState<{ text: string } | null>(null);
  const showAll = all?.text === text;
  const hits = useResult(
    () => api.graph.search(showAll ? { text, limit: MAX_SEARCH_HITS } : { text }),
    [text, showAll],
  );
  const shown = hits.data?.items.length ?? 0;
  const total = hits.data?.total ?? 0;
  return (
    <div className={styles.hits} data-testid="search-results" data-ready={!hits.loading}>
      {hits.error ? <ErrorNotice error={hits.error} /> : null}
      {hits.data && shown === 0 ? <Caption1>{t('schools:search.none', { text })}</Caption1> : null}
      {hits.data && shown > 0 ? (
        <div className={styles.count}>
          <Caption1 data-testid="search-count">{t('schools:search.count', { shown, total })}</Caption1>
          {shown < total && !showAll ? (
            <Button size="small" appearance="transparent" onClick={() => setAll({ text })}>
              {t('schools:search.showAll')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {hits.data?.items.map((hit) => (
        <a key={`${hit.entity}:${hit.id}`} className={styles.hit} href={hitRoute(hit)} data-testid="search-hit">
          <Text weight="semibold">{hit.title}</Text>
          <Caption1>
            {hit.entity === 'teacher'
              ? t('schools:search.teacherHit', { kind: words.kind('teacher'), school: hit.subtitle })
              : t('schools:search.schoolHit', { kind: words.kind('school'), emis: hit.subtitle })}
          </Caption1>
        </a>
      ))}
    </div>
  );
}
