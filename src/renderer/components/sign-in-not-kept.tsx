import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useT } from '../state/i18n/use-t.js';

/**
 * Says why this computer asks for a sign-in at every start (no OS encryption for the session token),
 * so the officer is not left wondering; nothing is shown where the sign-in is kept.
 */
export function SignInNotKept({ why }: { readonly why: string | null | undefined }) {
  const { t } = useT();
  if (!why) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="sign-in-not-kept">
      <MessageBarBody>
        <MessageBarTitle>{t('sign-in:notKept.title')}</MessageBarTitle>
        {/* Main's reason is for support (English, in the log); the officer reads the catalog's. */}
        {t('sign-in:notKept.body')}
      </MessageBarBody>
    </MessageBar>
  );
}
