import { Body1, Button } from '@fluentui/react-components';
import { useApi } from '../../api/api-context.js';
import { Sentence } from '../../components/sentence.js';
import { SignInForm } from '../../components/sign-in-form.js';
import { SignInNotKept } from '../../components/sign-in-not-kept.js';
import { useT } from '../../state/i18n/use-t.js';
import { useAppStatus } from '../../state/status-context.js';
import { type RunCall, SettingsCard, SettingsRow } from './settings-card.js';

/** Who is signed in to which server, with Sign out; signed out, the sign-in form. */
export function ServerSetting({ serverUrl, run }: { readonly serverUrl: string | null; readonly run: RunCall }) {
  const api = useApi();
  const { t } = useT();
  const { session } = useAppStatus();
  return (
    <SettingsCard title={t('settings:server.title')}>
      {session?.demo ? null : <SignInNotKept why={session?.signInForgottenOnClose} />}
      {session?.signedIn ? (
        <SettingsRow>
          <Body1 data-testid="signed-in-as">
            <Sentence
              k={session.demo ? 'settings:server.signedInDemo' : 'settings:server.signedIn'}
              parts={{ server: <b>{session.serverUrl}</b>, name: <b>{session.user?.displayName}</b> }}
            />
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
            {t('settings:server.signOut')}
          </Button>
        </SettingsRow>
      ) : (
        <SignInForm serverUrl={serverUrl} />
      )}
    </SettingsCard>
  );
}
