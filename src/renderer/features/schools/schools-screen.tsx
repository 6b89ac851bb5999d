import { Checkbox, makeStyles, SearchBox, Spinner, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useReloadOnDataChange } from '../../api/use-app-event.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ExportMenuButton } from '../../components/export-menu.js';
import { ExportRunStatus, useExportRun } from '../../components/export-run.js';
import { PaneSplitter, usePaneWidth } from '../../components/pane-splitter.js';
import { useT } from '../../state/i18n/use-t.js';
import { useAppStatus } from '../../state/status-context.js';
import { navigate } from '../../state/use-route.js';
import { SchoolPanel } from './school-panel.js';
import { SchoolSearchResults } from './school-search-results.js';
import { SchoolTree } from './school-tree.js';
import { emptyAreaCount } from './tree-rows.js';

const useStyles = makeStyles({
  root: { display: 'flex', height: '100%', minHeight: 0 },
  left: {
    flex: '0 0 auto',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px',
    borderInlineEndWidth: '1px',
    borderInlineEndStyle: 'solid',
    borderInlineEndColor: tokens.colorNeutralStroke2,
    backgroundColor: tokens.colorNeutralBackground1,
    minHeight: 0,
  },
  // The search box keeps the pane's whole width (its hint is long in French and Portuguese); Export sits under it.
  tools: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '8px' },
  search: { alignSelf: 'stretch' },
  right: { flex: '1 1 auto', minWidth: 0, overflowY: 'auto', padding: '16px 20px' },
  empty: { margin: 'auto', color: tokens.colorNeutralForeground3 },
});

/** Schools by area, searchable, with the selected school's teachers and visits beside them. */
export function SchoolsScreen({
  schoolId,
  teacherId,
}: {
  readonly schoolId: string | undefined;
  /** A teacher to show (a search hit): highlighted in the school's teachers. */
  readonly teacherId?: string | undefined;
}) {
  const styles = useStyles();
  const { t } = useT();
  const api = useApi();
  const [search, setSearch] = useState('');
  const [showEmpty, setShowEmpty] = useState(false);
  const treePane = usePaneWidth('schools-tree', 420, 280, 720);
  const { sync } = useAppStatus();
  const hierarchy = useResult(() => api.graph.hierarchy(), []);
  useReloadOnDataChange(['school', 'schoolVisit', 'teacher', 'district', 'region', 'country'], hierarchy.reload);
  const text = search.trim();
  const exportRun = useExportRun();
  const emptyAreas = hierarchy.data ? emptyAreaCount(hierarchy.data.nodes) : 0;

  useEffect(() => {
    // The e2e suite measures time to first paint of the tree from this mark.
    if (hierarchy.data && !performance.getEntriesByName('fieldsync:tree-painted').length) {
      requestAnimationFrame(() => performance.mark('fieldsync:tree-painted'));
    }
  }, [hierarchy.data]);

  return (
    <div className={styles.root} data-testid="schools-screen">
      <section className={styles.left} style={{ width: treePane.width }} aria-label={t('schools:title')}>
        <div className={styles.tools}>
          <SearchBox
            className={styles.search}
            placeholder={t('schools:search.placeholder')}
            value={search}
            onChange={(_, d) => setSearch(d.value)}
            data-testid="school-search"
          />
          <ExportMenuButton
            run={exportRun}
            // The schools the screen lists: every school here, or those its search words find.
            args={(format) => ({ entity: 'schools', format, filter: text ? { text } : {} })}
            disabled={!hierarchy.data}
            label={t('schools:export.button')}
            tooltip={t(text ? 'schools:export.tooltipSearch' : 'schools:export.tooltip')}
            testId="schools-export"
          />
        </div>
        <ExportRunStatus run={exportRun} label={t('schools:export.progress')} />
        {hierarchy.error ? <ErrorNotice error={hierarchy.error} /> : null}
        {text ? (
          <SchoolSearchResults text={text} />
        ) : hierarchy.data ? (
          <>
            <SchoolTree
              nodes={hierarchy.data.nodes}
              selectedSchoolId={schoolId}
              onSelectSchool={(id) => navigate({ screen: 'schools', schoolId: id })}
              showEmpty={showEmpty}
            />
            {emptyAreas > 0 ? (
              <Checkbox
                checked={showEmpty}
                onChange={(_, d) => setShowEmpty(d.checked === true)}
                label={t('schools:tree.showEmpty', { count: emptyAreas })}
                data-testid="show-empty-areas"
              />
            ) : null}
          </>
        ) : (
          <Spinner label={t('schools:loading')} />
        )}
      </section>
      <PaneSplitter pane={treePane} label={t('schools:tree.resize')} />
      <section className={styles.right} aria-label={t('schools:panel.label')}>
        {schoolId ? (
          <SchoolPanel schoolId={schoolId} teacherId={teacherId} />
        ) : (
          <Text className={styles.empty} as="p">
            {hierarchy.data?.nodes.some((node) => node.counts.schools > 0) !== false
              ? t('schools:choose')
              : sync?.running
                ? t('schools:receiving')
                : t('schools:none')}
          </Text>
        )}
      </section>
    </div>
  );
}
