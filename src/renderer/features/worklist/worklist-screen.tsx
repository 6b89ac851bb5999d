import { Caption1, makeStyles, Tab, TabList, Title3 } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  WORKLIST_TABS,
  type WorklistCounts,
  type WorklistRow,
  type WorklistSort,
  type WorklistTab,
} from '../../../shared/ipc/schemas/worklist.js';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useExportRun } from '../../components/export-run.js';
import { usePagedRows } from '../../components/use-paged-rows.js';
import { useT } from '../../state/i18n/use-t.js';
import { navigate } from '../../state/use-route.js';
import { getWorklist, rememberScroll, updateWorklist, useWorklist } from '../../state/worklist-state.js';
import { BulkReviewBar } from './bulk-review-bar.js';
import { type SelectGesture, select } from './row-selection.js';
import { WorklistExportButton, WorklistExportStatus } from './worklist-export.js';
import { WorklistFilters } from './worklist-filters.js';
import { WorklistGrid } from './worklist-grid.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '10px',
    padding: '12px 20px',
    height: '100%',
    boxSizing: 'border-box',
    minHeight: 0,
  },
  heading: { display: 'flex', alignItems: 'baseline', gap: '16px', flexWrap: 'wrap' },
  // The export sits at the heading's far end, out of the filters' way.
  export: { marginInlineStart: 'auto', alignSelf: 'center' },
});

/**
 * The officer's review worklist: every visit in scope as a data grid with tabs per review status (each
 * counted under the filters), filters that combine, sorting by any column, and Outlook's selection.
 * Everything is kept in `worklist-state` so a visit opened from here comes back to the same list.
 */
export function WorklistScreen() {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const view = useWorklist();
  const { query } = view;
  const [counts, setCounts] = useState<WorklistCounts>();
  const searchRef = useRef<HTMLInputElement>(null);
  const exportRun = useExportRun();

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const result = await api.worklist.list({ ...query, offset, limit });
      if (result.ok) setCounts(result.value.counts);
      return result;
    },
    [api, query],
  );
  const rows = usePagedRows<WorklistRow>(fetchPage, [query]);
  useReloadOnDataChange(['schoolVisit', 'photo'], rows.reload);

  // Ctrl+F goes to the search box, as in Outlook.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Ids of rows `from..to` in list order: from the loaded pages, or asked for when some are not loaded. */
  const idsBetween = async (from: number, to: number): Promise<string[]> => {
    const loaded: string[] = [];
    for (let i = from; i <= to; i++) {
      const row = rows.row(i);
      if (!row) break;
      loaded.push(row.id);
    }
    if (loaded.length === to - from + 1) return loaded;
    const result = await api.worklist.ids({ ...query, limit: to + 1 });
    return result.ok ? result.value.ids.slice(from, to + 1) : loaded;
  };

  const onSelect = async (index: number, gesture: SelectGesture) => {
    if (index < 0) {
      updateWorklist({ selected: new Set(), anchor: null });
      return;
    }
    const row = rows.row(index);
    if (!row) return;
    const current = getWorklist();
    const anchor = current.anchor ?? index;
    const range =
      gesture === 'range' || gesture === 'addRange'
        ? await idsBetween(Math.min(anchor, index), Math.max(anchor, index))
        : [];
    updateWorklist((v) => select(v, gesture, index, row.id, () => range));
  };

  const onSelectAll = async () => {
    const result = await api.worklist.ids({ ...query });
    if (result.ok) updateWorklist({ selected: new Set(result.value.ids) });
  };

  const onSort = (sort: WorklistSort) =>
    updateWorklist((v) => ({
      query: {
        ...v.query,
        sort,
        // A second click on the sorted column turns it round; a new column starts A→Z (dates newest first).
        descending: v.query.sort === sort ? !v.query.descending : sort === 'date' || sort === 'photos',
      },
    }));

  const tabLabel = (tab: WorklistTab) => t(`worklist:tab.${tab}`, { count: counts ? format.number(counts[tab]) : '…' });

  return (
    <div className={styles.root} data-testid="worklist-screen">
      <div className={styles.heading}>
        <Title3 as="h1">{t('worklist:title')}</Title3>
        <Caption1 data-testid="worklist-total" aria-live="polite">
          {rows.total === undefined
            ? t('worklist:loading')
            : t('worklist:shown', { count: rows.total, selected: view.selected.size })}
        </Caption1>
        <div className={styles.export}>
          <WorklistExportButton query={query} run={exportRun} disabled={!rows.total} />
        </div>
      </div>
      <WorklistExportStatus run={exportRun} />
      <TabList
        selectedValue={query.tab}
        onTabSelect={(_, d) => updateWorklist((v) => ({ query: { ...v.query, tab: d.value as WorklistTab } }))}
        data-testid="worklist-tabs"
      >
        {WORKLIST_TABS.map((tab) => (
          <Tab key={tab} value={tab} data-testid={`worklist-tab-${tab}`}>
            {tabLabel(tab)}
          </Tab>
        ))}
      </TabList>
      <WorklistFilters
        filter={query.filter}
        onChange={(filter) => updateWorklist((v) => ({ query: { ...v.query, filter } }))}
        searchRef={searchRef}
      />
      <BulkReviewBar />
      {rows.error ? <ErrorNotice error={rows.error} /> : null}
      <WorklistGrid
        rows={rows}
        view={view}
        onSort={onSort}
        onSelect={(index, gesture) => void onSelect(index, gesture)}
        onSelectAll={() => void onSelectAll()}
        onFocusRow={(focus) => updateWorklist({ focus })}
        onOpen={(visitId) => navigate({ screen: 'visit', visitId })}
        onScroll={rememberScroll}
      />
    </div>
  );
}
