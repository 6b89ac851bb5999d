import { Button, Field, Input, makeStyles, Spinner } from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import type { AppError } from '../../shared/errors.js';
import { useApi } from '../api/api-context.js';
import { useT } from '../state/i18n/use-t.js';
import { ChangePasswordForm } from './change-password-form.js';
import { ErrorNotice } from './error-notice.js';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '420px' } });

/**
 * Server address, user name and password; errors in the officer's words. A one-time password leads to
 * the "Choose a new password" step, which finishes signing in.
 */
export function SignInForm({ serverUrl }: { readonly serverUrl: string | null }) {
  const styles = useStyles();
  const api = useApi();
  const { t } = useT();
  const [url, setUrl] = useState(serverUrl ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [changing, setChanging] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const result = await api.session.signIn({ serverUrl: url.trim(), username, password });
    setBusy(false);
    // The one-time password has done its work either way: it is not kept in the page.
    if (result.ok || result.error.code === 'PASSWORD_CHANGE_REQUIRED') setPassword('');
    if (!result.ok && result.error.code === 'PASSWORD_CHANGE_REQUIRED') setChanging(true);
    else if (!result.ok) setError(result.error);
  };
  if (changing) return <ChangePasswordForm username={username.trim()} onBack={() => setChanging(false)} />;
  return (
    <form className={styles.form} onSubmit={submit} data-testid="sign-in-form">
      <Field
        label={t('sign-in:form.serverUrl')}
        required
        validationState={error?.field === 'serverUrl' ? 'error' : 'none'}
      >
        <Input
          value={url}
          onChange={(_, d) => setUrl(d.value)}
          placeholder={t('sign-in:form.serverUrlExample')}
          data-testid="server-url"
        />
      </Field>
      <Field label={t('sign-in:form.username')} required>
        <Input
          value={username}
          onChange={(_, d) => setUsername(d.value)}
          autoComplete="username"
          data-testid="username"
        />
      </Field>
      <Field label={t('sign-in:form.password')} required>
        <Input
          type="password"
          value={password}
          onChange={(_, d) => setPassword(d.value)}
          autoComplete="current-password"
          data-testid="password"
        />
      </Field>
      <Button
        type="submit"
        appearance="primary"
        disabled={busy}
        icon={busy ? <Spinner size="tiny" /> : undefined}
        data-testid="sign-in"
      >
        {t('sign-in:form.submit')}
      </Button>
      {error ? <ErrorNotice error={error} context="signIn" title={t('sign-in:form.failed')} /> : null}
    </form>
  );
}
