import { CounterBadge, makeStyles, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import {
  ArrowUploadRegular,
  BranchForkRegular,
  BuildingRegular,
  ChartMultipleRegular,
  ClipboardTaskListLtrRegular,
  HomeRegular,
  ImageMultipleRegular,
  SettingsRegular,
} from '@fluentui/react-icons';
import { type ReactNode, useEffect, useRef } from 'react';
import { ConflictsScreen } from '../features/conflicts/conflicts-screen.js';
import { HomeScreen } from '../features/home/home-screen.js';
import { ImportPhotosScreen } from '../features/photo-import/import-photos-screen.js';
import { QueueScreen } from '../features/queue/queue-screen.js';
import { ReportsScreen } from '../features/reports/reports-screen.js';
import { SchoolsScreen } from '../features/schools/schools-screen.js';
import { DataFolderMissing } from '../features/settings/data-folder-missing.js';
import { SettingsScreen } from '../features/settings/settings-screen.js';
import { SignInScreen } from '../features/sign-in/sign-in-screen.js';
import { VisitScreen } from '../features/visits/visit-screen.js';
import { WorklistScreen } from '../features/worklist/worklist-screen.js';
import { useT } from '../state/i18n/use-t.js';
import { needingAttention } from '../state/needing-attention.js';
import { useAppStatus } from '../state/status-context.js';
import { navigate, type Route, useRoute } from '../state/use-route.js';
import { StatusBar } from './status-bar.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', backgroundColor: tokens.colorNeutralBackground2 },
  body: { display: 'flex', flex: '1 1 auto', minHeight: 0 },
  nav: {
    width: '200px',
    flex: '0 0 auto',
    padding: '12px 8px',
    borderInlineEndWidth: '1px',
    borderInlineEndStyle: 'solid',
    borderInlineEndColor: tokens.colorNeutralStroke2,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
  },
  brand: { padding: '4px 12px' },
  main: { flex: '1 1 auto', minWidth: 0, overflow: 'hidden', display: 'flex', flexDirection: 'column' },
  loading: { margin: 'auto' },
});

type NavKey = 'home' | 'schools' | 'visits' | 'queue' | 'conflicts' | 'photos' | 'reports' | 'settings';

/** The window: navigation, the current screen and the status bar. Signed out, it shows sign-in. */
export function App() {
  const styles = useStyles();
  const { t } = useT();
  const route = useRoute();
  const { session, sync } = useAppStatus();
  useHomeAfterSignIn(session?.signedIn);
  if (!session || !sync) {
    return (
      <div className={styles.root}>
        <Spinner className={styles.loading} label={t('app:shell.opening')} />
      </div>
    );
  }
  const signedOut = !session.signedIn;
  const selected = navKeyOf(route);
  const main = session.signedIn || route.screen === 'settings' ? screenFor(route) : <SignInScreen />;
  return (
    <div className={styles.root} data-testid="app" data-signed-in={session.signedIn}>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label={t('app:shell.screens')}>
          <Text className={styles.brand} weight="semibold" size={500}>
            Fieldsync
          </Text>
          <TabList vertical selectedValue={selected} onTabSelect={(_, d) => navigate({ screen: d.value as NavKey })}>
            <Tab value="home" icon={<HomeRegular />} disabled={signedOut} data-testid="nav-home">
              {t('app:nav.home')}
            </Tab>
            <Tab value="schools" icon={<BuildingRegular />} disabled={signedOut}>
              {t('app:nav.schools')}
            </Tab>
            <Tab value="visits" icon={<ClipboardTaskListLtrRegular />} disabled={signedOut}>
              {t('app:nav.visits')}
            </Tab>
            <Tab value="queue" icon={<ArrowUploadRegular />} disabled={signedOut} data-testid="nav-queue">
              {t('app:nav.queue')} <Count n={needingAttention(sync.queue)} danger />
            </Tab>
            <Tab value="conflicts" icon={<BranchForkRegular />} disabled={signedOut} data-testid="nav-conflicts">
              {t('app:nav.conflicts')} <Count n={sync.openConflicts} danger />
            </Tab>
            <Tab value="photos" icon={<ImageMultipleRegular />} disabled={signedOut}>
              {t('app:nav.photos')}
            </Tab>
            <Tab value="reports" icon={<ChartMultipleRegular />} disabled={signedOut} data-testid="nav-reports">
              {t('app:nav.reports')}
            </Tab>
            <Tab value="settings" icon={<SettingsRegular />}>
              {t('app:nav.settings')}
            </Tab>
          </TabList>
        </nav>
        <main className={styles.main}>
          <DataFolderMissing />
          {main}
        </main>
      </div>
      <StatusBar onOpenQueue={(show) => navigate(show ? { screen: 'queue', show } : { screen: 'queue' })} />
    </div>
  );
}

/** Signing in (a form, Demo mode, a new password) opens the home page, whatever screen was last shown. */
function useHomeAfterSignIn(signedIn: boolean | undefined): void {
  const was = useRef(signedIn);
  useEffect(() => {
    if (was.current === false && signedIn === true) navigate({ screen: 'home' });
    was.current = signedIn;
  }, [signedIn]);
}

function navKeyOf(route: Route): NavKey {
  return route.screen === 'visit' ? 'visits' : route.screen;
}

function Count({ n, danger }: { readonly n: number; readonly danger?: boolean }): ReactNode {
  return n > 0 ? <CounterBadge count={n} size="small" color={danger ? 'danger' : 'informative'} /> : null;
}

function screenFor(route: Route): ReactNode {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'schools':
      return <SchoolsScreen schoolId={route.schoolId} teacherId={route.teacherId} />;
    case 'visits':
      return <WorklistScreen />;
    case 'visit':
      return <VisitScreen visitId={route.visitId} />;
    case 'queue':
      return <QueueScreen key={route.show ?? ''} show={route.show} />;
    case 'conflicts':
      return <ConflictsScreen conflictId={route.conflictId} />;
    case 'photos':
      return <ImportPhotosScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
