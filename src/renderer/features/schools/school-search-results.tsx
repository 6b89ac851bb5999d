import { Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import { entityGraph } from '../../../shared/entity-graph.js';
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
});

/** Schools, EMIS codes and teachers matching the text, each a link to its school. */
export function SchoolSearchResults({ text }: { readonly text: string }) {
  const styles = useStyles();
  const { t } = useT();
  const api = useApi();
  const hits = useResult(() => api.graph.search({ text }), [text]);
  return (
    <div className={styles.hits} data-testid="search-results" data-ready={!hits.loading}>
      {hits.error ? <ErrorNotice error={hits.error} /> : null}
      {hits.data?.items.length === 0 ? <Caption1>{t('schools:search.none', { text })}</Caption1> : null}
      {hits.data?.items.map((hit) => (
        <a
          key={`${hit.entity}:${hit.id}`}
          className={styles.hit}
          href={routeHash(hit.schoolId ? { screen: 'schools', schoolId: hit.schoolId } : { screen: 'schools' })}
          data-testid="search-hit"
        >
          <Text weight="semibold">{hit.title}</Text>
          <Caption1>
            {entityGraph.byName.get(hit.entity)?.label ?? hit.entity} · {hit.subtitle}
          </Caption1>
        </a>
      ))}
    </div>
  );
}
