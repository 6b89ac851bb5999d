import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Field,
  makeStyles,
  SpinButton,
  Spinner,
  Subtitle2,
  Title3,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import type { Settings } from '../../../shared/ipc/schemas/settings.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatBytes } from '../../components/format.js';
import { SignInForm } from '../../components/sign-in-form.js';
import { SignInNotKept } from '../../components/sign-in-not-kept.js';
import { useAppStatus } from '../../state/status-context.js';
import { DataFolderSetting } from './data-folder-setting.js';

const useStyles = makeStyles({
  root: {
    padding: '16px 20px',
    overflowY: 'auto',
    height: '100%',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
  },
  card: { maxWidth: '720px' },
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
});

/** Server and sign-in, sync interval, upload concurrency, data folder and diagnostics. */
export function SettingsScreen() {
  const styles = useStyles();
  const api = useApi();
  const { session } = useAppStatus();
  const settings = useResult(() => api.settings.get(), []);
  const info = useResult(() => api.app.info(), []);
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState<Settings>();
  const [exported, setExported] = useState<string>();
  const current = saved ?? settings.data;

  const change = async (patch: { syncIntervalMinutes?: number; uploadConcurrency?: number }) => {
    setError(undefined);
    const result = await api.settings.set(patch);
    if (result.ok) setSaved(result.value);
    else setError(result.error);
  };
  const run = async <T,>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>,
    done: (v: T) => void,
  ) => {
    setError(undefined);
    const result = await call();
    if (result.ok) done(result.value);
    else setError(result.error);
  };

  if (!current) return settings.error ? <ErrorNotice error={settings.error} /> : <Spinner label="Loading settings…" />;
  return (
    <div className={styles.root} data-testid="settings-screen">
      <Title3 as="h1">Settings</Title3>
      {error ? <ErrorNotice error={error} /> : null}
      <Card className={styles.card}>
        <CardHeader header={<Subtitle2>Server</Subtitle2>} />
        {session?.demo ? null : <SignInNotKept why={session?.signInForgottenOnClose} />}
        {session?.signedIn ? (
          <div className={styles.row}>
            <Body1 data-testid="signed-in-as">
              Signed in to <b>{session.demo ? 'the demo server on this computer' : session.serverUrl}</b> as{' '}
              <b>{session.user?.displayName}</b>.
            </Body1>
            <Button
              onClick={() =>
                run(
                  () => api.session.signOut(),
                  () => undefined,
                )
              }
              data-testid="sign-out"
            >
              Sign out
            </Button>
          </div>
        ) : (
          <SignInForm serverUrl={current.serverUrl} />
        )}
      </Card>
      <Card className={styles.card}>
        <CardHeader header={<Subtitle2>Sync</Subtitle2>} />
        <div className={styles.row}>
          <NumberSetting
            label="Sync every (minutes)"
            hint="While the server can be reached; also when the connection comes back."
            min={1}
            max={1440}
            value={current.syncIntervalMinutes}
            onChange={(v) => change({ syncIntervalMinutes: v })}
            testId="sync-interval"
          />
          <NumberSetting
            label="Photo uploads at once"
            hint="Lower it on a slow connection."
            min={1}
            max={16}
            value={current.uploadConcurrency}
            onChange={(v) => change({ uploadConcurrency: v })}
            testId="upload-concurrency"
          />
        </div>
      </Card>
      <Card className={styles.card}>
        <CardHeader
          header={<Subtitle2>Data folder</Subtitle2>}
          description={
            <Caption1>
              The database, photos and settings, on this computer only. Choose an empty folder to move them there.
            </Caption1>
          }
        />
        <DataFolderSetting folder={current.dataFolder} onMoved={setSaved} />
      </Card>
      <Card className={styles.card}>
        <CardHeader
          header={<Subtitle2>Diagnostics</Subtitle2>}
          description={<Caption1>Logs, versions and a queue summary for support. No passwords or tokens.</Caption1>}
        />
        <div className={styles.row}>
          <Button
            onClick={() =>
              run(
                () => api.diagnostics.export(),
                (v) => setExported(v.path ? `Saved ${formatBytes(v.bytes)} to ${v.path}` : 'Cancelled.'),
              )
            }
            data-testid="export-diagnostics"
          >
            Export diagnostics…
          </Button>
          {exported ? <Caption1 data-testid="export-result">{exported}</Caption1> : null}
        </div>
        {info.data ? (
          <Caption1 block data-testid="app-info">
            Fieldsync {info.data.appVersion} · database {info.data.dbVersion ?? 'unknown'} · log{' '}
            {info.data.logFile ?? 'console'}
          </Caption1>
        ) : null}
      </Card>
    </div>
  );
}

interface NumberSettingProps {
  readonly label: string;
  readonly hint: string;
  readonly min: number;
  readonly max: number;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly testId: string;
}

/** A whole-number setting; values outside its range are ignored (main validates them again). */
function NumberSetting({ label, hint, min, max, value, onChange, testId }: NumberSettingProps) {
  return (
    <Field label={label} hint={hint}>
      <SpinButton
        min={min}
        max={max}
        value={value}
        onChange={(_, d) => {
          const v = d.value ?? Number(d.displayValue);
          if (Number.isInteger(v) && v >= min && v <= max) onChange(v);
        }}
        data-testid={testId}
      />
    </Field>
  );
}
