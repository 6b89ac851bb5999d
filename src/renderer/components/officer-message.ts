import type { AppError, ErrorCode } from '../../shared/errors.js';
import type { EntityWords } from '../../shared/i18n/entity-words.js';
import { type DisplayLanguage, SOURCE_LANGUAGE } from '../../shared/i18n/languages.js';
import type { LocalizedText } from '../../shared/i18n/message.js';
import type { Translate } from '../../shared/i18n/translator.js';

/** Where an error happened changes how it is said (a 401 at sign-in is a wrong password). */
export type ErrorContext = 'signIn' | 'sync' | 'record' | 'general';

/** What saying an error needs (`useT()` gives it; so does a `Translator` with its entity words). */
export interface ErrorWords {
  readonly t: Translate;
  readonly words: EntityWords;
  readonly say: (message: LocalizedText) => string;
  readonly language: DisplayLanguage;
}

/** Codes whose own message the server wrote for an officer, in English (main sends `text` instead). */
const OWN_WORDS = new Set<ErrorCode>(['BAD_REQUEST', 'FILE']);

/** Fields of the sign-in and settings forms: a refusal names the field as the screen labels it. */
const FORM_FIELDS = new Set(['serverUrl', 'username', 'password']);

/**
 * The sentence an officer reads, in their language: the words main chose for this failure (`text`), else
 * the code's sentence; the technical detail (the English `message`, the field's key) stays one click
 * away under Details.
 */
export function officerMessage(
  { t, words, say, language }: ErrorWords,
  error: AppError,
  context: ErrorContext = 'general',
): string {
  if (error.text) return say(error.text);
  if (context === 'signIn' && error.code === 'UNAUTHORIZED') return t('errors:signIn.unauthorized');
  if (context === 'signIn' && (error.code === 'NETWORK' || error.code === 'TIMEOUT'))
    return t('errors:signIn.unreachable');
  if (error.field && FORM_FIELDS.has(error.field) && (error.code === 'BAD_REQUEST' || error.code === 'VALIDATION')) {
    return t(`errors:form.${error.field as 'serverUrl' | 'username' | 'password'}`);
  }
  if (error.code === 'VALIDATION' && error.entity && error.rule) return words.rule(error.entity, error.rule);
  if ((error.code === 'VALIDATION' || error.code === 'MISSING_PARENT') && error.entity) {
    const record = words.kind(error.entity).toLocaleLowerCase();
    if (error.code === 'VALIDATION' && error.field && !error.field.includes(',')) {
      return t('errors:rejected.field', { record, field: words.field(error.entity, error.field) });
    }
    return error.code === 'VALIDATION'
      ? t('errors:rejected.record', { record })
      : t('errors:rejected.parent', { record });
  }
  if (context === 'record' && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
    return t('errors:record.refused');
  }
  // The server writes these for an officer, in English: shown as written to an English reader; other
  // languages get the code's sentence, and the server's stays under Details.
  if (OWN_WORDS.has(error.code) && language === SOURCE_LANGUAGE) return error.message;
  return t(`errors:code.${error.code satisfies ErrorCode}`);
}

/** Everything a support person needs, nothing secret (errors never carry tokens). Shown under Details. */
export function technicalDetail(error: AppError): string {
  return [
    `code: ${error.code}`,
    `message: ${error.message}`,
    error.entity ? `entity: ${error.entity}` : null,
    error.id ? `record: ${error.id}` : null,
    error.field ? `field: ${error.field}` : null,
    error.detail ? `detail: ${error.detail}` : null,
  ]
    .filter(Boolean)
    .join('\n');
}
