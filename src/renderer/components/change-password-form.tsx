import { Body1, Button, Field, Input, makeStyles, Spinner, Subtitle2 } from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import type { AppError } from '../../shared/errors.js';
import { passwordRuleText } from '../../shared/i18n/password-rule-text.js';
import {
  brokenPasswordRule,
  PASSWORD_MIN_DIFFERENT,
  PASSWORD_MIN_LENGTH,
} from '../../shared/protocol/password-policy.js';
import { useApi } from '../api/api-context.js';
import { useT } from '../state/i18n/use-t.js';
import { ErrorNotice } from './error-notice.js';
import { officerMessage } from './officer-message.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '420px' },
  // The step must fit under the sign-in card at 1280×720 with a refusal shown: no default margins.
  flush: { margin: 0 },
  policy: { margin: 0, paddingInlineStart: '20px' },
  actions: { display: 'flex', gap: '8px' },
});

type FieldName = 'newPassword' | 'confirm';

/**
 * "Choose a new password": the step after a sign-in with a one-time password. The policy is shown
 * and checked here first; the server's refusal (the password given, for one) lands on the field in
 * the same words. On success main has signed in, and the app moves on by itself.
 */
export function ChangePasswordForm({ username, onBack }: { readonly username: string; readonly onBack: () => void }) {
  const styles = useStyles();
  const api = useApi();
  const words = useT();
  const { t, say } = words;
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [invalid, setInvalid] = useState<{ readonly field: FieldName; readonly message: string }>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const messageFor = (field: FieldName) => (invalid?.field === field ? invalid.message : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setInvalid(undefined);
    const broken = brokenPasswordRule(username, newPassword);
    if (broken) return setInvalid({ field: 'newPassword', message: say(passwordRuleText(broken)) });
    if (confirm !== newPassword) return setInvalid({ field: 'confirm', message: t('sign-in:changePassword.mismatch') });
    setBusy(true);
    const result = await api.session.changePassword({ newPassword });
    setBusy(false);
    if (result.ok) return;
    if (result.error.field === 'newPassword')
      setInvalid({ field: 'newPassword', message: officerMessage(words, result.error) });
    else setError(result.error);
  };

  return (
    <form className={styles.form} onSubmit={submit} data-testid="change-password-form">
      <Subtitle2 as="h2" className={styles.flush}>
        {t('sign-in:changePassword.title')}
      </Subtitle2>
      <Body1 as="p" className={styles.flush}>
        {t('sign-in:changePassword.intro', { user: username })}
      </Body1>
      <Body1 as="p" className={styles.flush} id="password-policy">
        {t('sign-in:changePassword.policy')}
      </Body1>
      <ul className={styles.policy} aria-labelledby="password-policy" data-testid="password-policy">
        <li>{t('sign-in:changePassword.rules.length', { count: PASSWORD_MIN_LENGTH })}</li>
        <li>{t('sign-in:changePassword.rules.different', { count: PASSWORD_MIN_DIFFERENT })}</li>
        <li>{t('sign-in:changePassword.rules.notUsername')}</li>
        <li>{t('sign-in:changePassword.rules.notOld')}</li>
      </ul>
      <NewPasswordField
        label={t('sign-in:changePassword.newPassword')}
        value={newPassword}
        onChange={setNewPassword}
        message={messageFor('newPassword')}
        testId="new-password"
      />
      <NewPasswordField
        label={t('sign-in:changePassword.confirm')}
        value={confirm}
        onChange={setConfirm}
        message={messageFor('confirm')}
        testId="confirm-password"
      />
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          disabled={busy}
          icon={busy ? <Spinner size="tiny" /> : undefined}
          data-testid="change-password"
        >
          {t('sign-in:changePassword.submit')}
        </Button>
        <Button type="button" disabled={busy} onClick={onBack} data-testid="change-password-back">
          {t('sign-in:changePassword.back')}
        </Button>
      </div>
      {error ? <ErrorNotice error={error} title={t('sign-in:changePassword.failed')} /> : null}
    </form>
  );
}

/** A required new-password input with its refusal shown on it (test ids `<testId>` and `<testId>-field`). */
function NewPasswordField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly message: string | undefined;
  readonly testId: string;
}) {
  return (
    <Field
      label={props.label}
      required
      validationState={props.message ? 'error' : 'none'}
      validationMessage={props.message}
      data-testid={`${props.testId}-field`}
    >
      <Input
        type="password"
        value={props.value}
        onChange={(_, d) => props.onChange(d.value)}
        autoComplete="new-password"
        data-testid={props.testId}
      />
    </Field>
  );
}
