import {
  Body1,
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Subtitle2,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { PlayRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AppError } from '../../../shared/errors.js';
import { useApi } from '../../api/api-context.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { SignInForm } from '../../components/sign-in-form.js';
import { SignInNotKept } from '../../components/sign-in-not-kept.js';
import { useT } from '../../state/i18n/use-t.js';
import { useAppStatus } from '../../state/status-context.js';

const useStyles = makeStyles({
  root: { padding: '32px 40px', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: '20px' },
  cards: { display: 'flex', gap: '20px', flexWrap: 'wrap', alignItems: 'flex-start' },
  card: { width: '460px', padding: '16px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Sign-in; on the first run (no server configured) it offers Demo mode. */
export function SignInScreen() {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const { session } = useAppStatus();
  const [error, setError] = useState<AppError>();
  const [starting, setStarting] = useState(false);
  const startDemo = async () => {
    setStarting(true);
    setError(undefined);
    const result = await api.session.startDemo();
    setStarting(false);
    if (!result.ok) setError(result.error);
  };
  return (
    <div className={styles.root} data-testid="sign-in-screen">
      <Title2 as="h1">{t('sign-in:welcome')}</Title2>
      <Body1 className={styles.muted}>{t('sign-in:intro')}</Body1>
      {session?.sessionExpired ? (
        <MessageBar intent="warning" data-testid="session-expired">
          <MessageBarBody>{t('sign-in:sessionExpired')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {session?.firstRun ? null : <SignInNotKept why={session?.signInForgottenOnClose} />}
      <div className={styles.cards}>
        <Card className={styles.card}>
          <CardHeader header={<Subtitle2>{t('sign-in:serverCard')}</Subtitle2>} />
          <SignInForm serverUrl={session?.serverUrl ?? null} />
        </Card>
        {session?.demoAvailable && session.firstRun ? (
          <Card className={styles.card} data-testid="demo-card">
            <CardHeader header={<Subtitle2>{t('sign-in:demo.title')}</Subtitle2>} />
            <Body1 block>{t('sign-in:demo.body', { schools: 500, visits: 6000 })}</Body1>
            <Button
              appearance="primary"
              icon={starting ? <Spinner size="tiny" /> : <PlayRegular />}
              disabled={starting}
              onClick={startDemo}
              data-testid="start-demo"
            >
              {starting ? t('sign-in:demo.preparing') : t('sign-in:demo.start')}
            </Button>
            {error ? <ErrorNotice error={error} /> : null}
          </Card>
        ) : null}
      </div>
    </div>
  );
}
