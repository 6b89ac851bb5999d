import {
  Badge,
  Caption1,
  makeStyles,
  mergeClasses,
  Spinner,
  Tab,
  TabList,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useAppEvent } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useT } from '../../state/i18n/use-t.js';
import { routeHash } from '../../state/use-route.js';
import { ConflictDetail } from './conflict-detail.js';
import { badgeKey } from './conflict-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', height: '100%', minHeight: 0 },
  list: {
    width: '340px',
    flex: '0 0 auto',
    overflowY: 'auto',
    padding: '16px 12px',
    borderInlineEndWidth: '1px',
    borderInlineEndStyle: 'solid',
    borderInlineEndColor: tokens.colorNeutralStroke2,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: '8px',
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    color: 'inherit',
    textDecoration: 'none',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  detail: { flex: '1 1 auto', overflowY: 'auto', padding: '16px 20px' },
});

const KIND_COLOR = { held: 'danger', last_write_wins: 'warning', merged: 'success', remote_delete: 'danger' } as const;

/** Every recorded or held conflict, and the one selected, side by side. */
export function ConflictsScreen({ conflictId }: { readonly conflictId: string | undefined }) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const api = useApi();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const list = useResult(() => api.conflicts.list({ status }), [status]);
  useAppEvent('conflicts:changed', list.reload);
  const items = list.data?.items ?? [];
  const selected = items.find((c) => c.id === conflictId) ?? items[0];
  return (
    <div className={styles.root} data-testid="conflicts-screen">
      <section className={styles.list} aria-label={t('conflicts:title')}>
        <Title3 as="h1">{t('conflicts:title')}</Title3>
        <TabList size="small" selectedValue={status} onTabSelect={(_, d) => setStatus(d.value as 'open' | 'resolved')}>
          <Tab value="open">{t('conflicts:open')}</Tab>
          <Tab value="resolved">{t('conflicts:resolved')}</Tab>
        </TabList>
        {list.error ? <ErrorNotice error={list.error} /> : null}
        {list.loading && !list.data ? <Spinner size="small" /> : null}
        {list.data && items.length === 0 ? (
          <Caption1 data-testid="conflicts-empty">
            {status === 'open' ? t('conflicts:emptyOpen') : t('conflicts:emptyResolved')}
          </Caption1>
        ) : null}
        {items.map((c) => (
          <a
            key={c.id}
            className={mergeClasses(styles.item, c.id === selected?.id && styles.selected)}
            href={routeHash({ screen: 'conflicts', conflictId: c.id })}
            aria-current={c.id === selected?.id ? 'true' : undefined}
            data-testid="conflict-item"
            data-kind={c.kind}
          >
            <Text weight="semibold">
              {t('conflicts:recordTitle', {
                record: words.kind(c.entity),
                title: c.recordTitle ? show.title(c.recordTitle) : c.recordId,
              })}
            </Text>
            <Caption1>
              <Badge
                size="small"
                appearance="tint"
                color={badgeKey(c).startsWith('conflicts:kind.') ? KIND_COLOR[c.kind] : 'success'}
                data-testid="conflict-badge"
              >
                {t(badgeKey(c), { who: c.resolvedBy ?? '' })}
              </Badge>{' '}
              {t('conflicts:fieldsWhen', { count: c.fields.length, when: show.when(c.createdAt) })}
            </Caption1>
          </a>
        ))}
      </section>
      <section className={styles.detail} aria-label={t('conflicts:detailLabel')}>
        {selected ? <ConflictDetail key={selected.id} conflict={selected} onResolved={list.reload} /> : null}
      </section>
    </div>
  );
}
