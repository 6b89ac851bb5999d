import { createI18n, type I18n, type I18nOptions, switchLanguage } from './create-i18n.js';
import { createFormatters, type Formatters } from './formatters.js';
import type { DisplayLanguage } from './languages.js';
import type { LocalizedText, MessageKey, MessageValue } from './message.js';

/** Values of an ICU message: `{count, plural, …}` takes a number, `{name}` a string or number. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** A message in the current language. Keys are written in full (`visits:review.approve`) and typed. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * A message whose key is built at run time from data (an entity name, an enumeration value from the
 * server): `undefined` when the catalogs have none, so the caller shows the value as it came.
 */
export type Lookup = (key: string, values?: MessageValues) => string | undefined;

export function lookupWith(i18n: I18n): Lookup {
  const translate = translateWith(i18n);
  return (key, values) => (i18n.exists(key) ? translate(key as MessageKey, values) : undefined);
}

/** The typed `Translate` of an i18next instance (its own `t` types are for i18next's interpolation, not ICU). */
export function translateWith(i18n: I18n): Translate {
  // One untyped call site: the key's type is checked by `Translate`, the values at run time by ICU.
  const untyped = i18n.t as unknown as (key: string, values?: MessageValues) => string;
  return (key, values) => untyped.call(i18n, key, values);
}

/** Says a `LocalizedText` with an instance and its formatters: values formatted first, then the message. */
export function say(t: Translate, format: Formatters, message: LocalizedText): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) values[name] = valueText(t, format, value);
  return t(message.key, values);
}

function valueText(t: Translate, format: Formatters, value: MessageValue): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('date' in value) return format.date(value.date);
  if ('dateTime' in value) return format.dateTime(value.dateTime);
  if ('fileSize' in value) return format.fileSize(value.fileSize);
  return say(t, format, value.text);
}

/**
 * Messages and formats in one language, for code outside React: main's dialogs, notifications and
 * taskbar, and the command-line tools. The page uses react-i18next over the same catalogs.
 */
export interface Translator {
  readonly language: DisplayLanguage;
  readonly i18n: I18n;
  readonly format: Formatters;
  readonly t: Translate;
  readonly lookup: Lookup;
  say(message: LocalizedText): string;
  /** Switches language at once (the next message is in it). */
  setLanguage(language: DisplayLanguage): Promise<void>;
}

export function createTranslator(
  language: DisplayLanguage,
  options: I18nOptions & { readonly systemLocale?: string | null } = {},
): Translator {
  const i18n = createI18n(language, options);
  let format = createFormatters(language, { systemLocale: options.systemLocale ?? null });
  const t = translateWith(i18n);
  return {
    get language() {
      return i18n.language as DisplayLanguage;
    },
    i18n,
    get format() {
      return format;
    },
    t,
    lookup: lookupWith(i18n),
    say: (message) => say(t, format, message),
    async setLanguage(next) {
      await switchLanguage(i18n, next);
      format = createFormatters(next, { systemLocale: options.systemLocale ?? null });
    },
  };
}
