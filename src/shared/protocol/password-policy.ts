/**
 * The password policy, declared once: the server enforces it (`npm run admin`, `/api/admin`, the
 * change at first sign-in) and the app's "Choose a new password" step shows and pre-checks it.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
/** Distinct characters a password needs at least (`aaaaaaaaaa` and `ababababab` are refused). */
export const PASSWORD_MIN_DIFFERENT = 4;

/**
 * Why a password is refused, as a code the app words in the officer's language (`rule` on the error).
 * `same-as-old` is the server's own check at a change: it alone knows the old password's hash.
 */
export const PASSWORD_RULES = [
  'too-short',
  'too-long',
  'contains-username',
  'too-few-different',
  'same-as-old',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/** The server's English sentence for each rule (the app shows its catalog's words instead). */
export const PASSWORD_RULE_TEXT: Record<PasswordRule, string> = {
  'too-short': `at least ${PASSWORD_MIN_LENGTH} characters`,
  'too-long': `at most ${PASSWORD_MAX_LENGTH} characters`,
  'contains-username': 'must not contain the username',
  'too-few-different': `at least ${PASSWORD_MIN_DIFFERENT} different characters`,
  'same-as-old': 'must differ from the password it replaces',
};

/** The first rule `password` breaks for `username`, or undefined when the policy accepts it. */
export function brokenPasswordRule(username: string, password: string): PasswordRule | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too-long';
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) return 'contains-username';
  if (new Set(password).size < PASSWORD_MIN_DIFFERENT) return 'too-few-different';
  return undefined;
}
