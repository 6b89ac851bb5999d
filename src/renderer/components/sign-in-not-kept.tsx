import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/**
 * Says why this computer asks for a sign-in at every start (no OS encryption for the session token),
 * so the officer is not left wondering; nothing is shown where the sign-in is kept.
 */
export function SignInNotKept({ why }: { readonly why: string | null | undefined }) {
  if (!why) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="sign-in-not-kept">
      <MessageBarBody>
        <MessageBarTitle>Your sign-in is not saved on this computer</MessageBarTitle>
        {why} Changes you make are still kept on this computer between starts.
      </MessageBarBody>
    </MessageBar>
  );
}
