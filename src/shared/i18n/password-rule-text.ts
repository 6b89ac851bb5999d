import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_DIFFERENT,
  PASSWORD_MIN_LENGTH,
  type PasswordRule,
} from '../protocol/password-policy.js';
import { type LocalizedText, text } from './message.js';

/**
 * Why a new password is refused, in the officer's words: the server's `rule` (or the page's own
 * pre-check) becomes the sentence under the "New password" field.
 */
export function passwordRuleText(rule: PasswordRule): LocalizedText {
  switch (rule) {
    case 'too-short':
      return text('sign-in:changePassword.refused.tooShort', { count: PASSWORD_MIN_LENGTH });
    case 'too-long':
      return text('sign-in:changePassword.refused.tooLong', { count: PASSWORD_MAX_LENGTH });
    case 'contains-username':
      return text('sign-in:changePassword.refused.containsUsername');
    case 'too-few-different':
      return text('sign-in:changePassword.refused.tooFewDifferent', { count: PASSWORD_MIN_DIFFERENT });
    case 'same-as-old':
      return text('sign-in:changePassword.refused.sameAsOld');
  }
}
