import { Button, Caption1 } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { formatBytes } from '../../components/format.js';
import { type RunCall, SettingsCard, SettingsRow } from './settings-card.js';

/** Export diagnostics for support, and the versions and log file of this installation. */
export function DiagnosticsSetting({ run }: { readonly run: RunCall }) {
  const api = useApi();
  const info = useResult(() => api.app.info(), []);
  const [exported, setExported] = useState<string>();
  return (
    <SettingsCard
      title="Diagnostics"
      description={<Caption1>Logs, versions and a queue summary for support. No passwords or tokens.</Caption1>}
    >
      <SettingsRow>
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
      </SettingsRow>
      {info.data ? (
        <Caption1 block data-testid="app-info">
          Fieldsync {info.data.appVersion} · database {info.data.dbVersion ?? 'unknown'} · log{' '}
          {info.data.logFile ?? 'console'}
        </Caption1>
      ) : null}
    </SettingsCard>
  );
}
