import { type DisplayLanguage, type Language, PSEUDO_LANGUAGE, SOURCE_LANGUAGE } from './languages.js';
import { accent } from './pseudo-locale.js';

/**
 * Every date, time, number, percentage, file size, duration and relative time an officer reads, through
 * `Intl` in the chosen language and the PC's time zone. One module, so no screen formats on its own
 * and no ISO date reaches an officer outside Details.
 */
export interface Formatters {
  /** The `Intl` locale in use (`fr`, `pt-MZ`, `en-GB`…). */
  readonly locale: string;
  /** 4,327 · 4 327 · 4327 (as the locale groups digits). */
  number(value: number, options?: { readonly maxFractionDigits?: number }): string;
  /** A ratio 0..1 as a percentage: 42 %. */
  percent(ratio: number): string;
  /** Bytes in B, kB, MB or GB, 1,024-based like Windows Explorer: 13.5 MB · 13,5 Mo. */
  fileSize(bytes: number): string;
  /** A transfer rate: 4.0 MB/s · 4,0 Mo/s. */
  rate(bytesPerSecond: number): string;
  /** A length of time, to the unit that matters: 45 s · 2 min · 1 h 5 min. */
  duration(seconds: number): string;
  /** A calendar date (`2026-10-31`, shown as is whatever the time zone) or the date of an instant: 31 Oct 2026. */
  date(value: string | Date): string;
  /** An instant's date and time in the PC's time zone: 31 Oct 2026, 08:41. */
  dateTime(value: string | Date): string;
  /** An instant's time of day: 08:41. */
  time(value: string | Date): string;
  /** An instant said compactly: "today 08:41", "yesterday 17:02", else its date and time. */
  when(value: string | Date, now?: Date): string;
  /** An instant relative to now: "5 minutes ago", "in 2 hours", "yesterday". */
  relative(value: string | Date, now?: Date): string;
  /** Items joined as the language joins a list: a, b and c · a, b et c · a, b e c. */
  list(items: readonly string[]): string;
  /**
   * A record's title as main's store builds it, its calendar dates in the officer's format: a visit's
   * title is its school and date ("Hill School · 2026-03-02" → "Hill School · 2 Mar 2026"). Names stay
   * as entered. Formatted where shown, so a language switch re-says it without asking main again.
   */
  title(text: string): string;
}

export interface FormatterOptions {
  /**
   * The computer's locale (`fr-SN`, `pt-MZ`): when it is in the chosen language its regional conventions
   * are used, otherwise the language's default region for the offices Fieldsync serves.
   */
  readonly systemLocale?: string | null;
  /** Tests only: a fixed time zone (an officer always sees the PC's own). */
  readonly timeZone?: string;
}

/** The region whose conventions a language takes when the computer is set to another language. */
const DEFAULT_LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr', pt: 'pt-MZ' };

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KB = 1024;
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The `Intl` locale for a language: the computer's own when it is in that language. */
export function formatLocaleOf(language: DisplayLanguage, systemLocale?: string | null): string {
  const base: Language = language === PSEUDO_LANGUAGE ? SOURCE_LANGUAGE : language;
  if (systemLocale) {
    try {
      const [canonical] = Intl.getCanonicalLocales(systemLocale.replace(/_/g, '-').replace(/\..*$/, ''));
      if (canonical && canonical.split('-')[0]?.toLowerCase() === base) return canonical;
    } catch {
      // Not a locale tag (`C`, `POSIX`): fall through to the language's default.
    }
  }
  return DEFAULT_LOCALE[base];
}

export function createFormatters(language: DisplayLanguage, options: FormatterOptions = {}): Formatters {
  const locale = formatLocaleOf(language, options.systemLocale);
  // The pseudo-locale formats as English and accents the result: a plain letter left on screen is a bug.
  const out = language === PSEUDO_LANGUAGE ? accent : (text: string) => text;
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const numberFormat = (opts: Intl.NumberFormatOptions) => {
    const key = JSON.stringify(opts);
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, opts);
      numberFormats.set(key, format);
    }
    return format;
  };
  const calendarDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const instantDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...zone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...zone });
  const dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...zone });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
  const unitList = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' });

  const size = (bytes: number, suffix: '' | '-per-second') => {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let value = Math.max(0, bytes);
    let i = 0;
    while (value >= KB && i < units.length - 1) {
      value /= KB;
      i++;
    }
    const digits = i === 0 ? 0 : 1;
    return out(
      numberFormat({
        style: 'unit',
        unit: `${units[i]}${suffix}`,
        unitDisplay: 'short',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value),
    );
  };
  const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day') =>
    numberFormat({ style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 }).format(value);

  const formatters: Formatters = {
    locale,
    number: (value, opts) =>
      out(
        numberFormat(
          opts?.maxFractionDigits === undefined ? {} : { maximumFractionDigits: opts.maxFractionDigits },
        ).format(value),
      ),
    percent: (ratio) => out(numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(ratio)),
    fileSize: (bytes) => size(bytes, ''),
    rate: (bytesPerSecond) => size(bytesPerSecond, '-per-second'),
    duration: (seconds) => {
      const s = Math.max(0, Math.round(seconds));
      if (s < 90) return out(unit(s, 'second'));
      if (s < HOUR) return out(unit(Math.round(s / MINUTE), 'minute'));
      if (s < DAY) {
        const hours = Math.floor(s / HOUR);
        const minutes = Math.round((s % HOUR) / MINUTE);
        return out(minutes ? unitList.format([unit(hours, 'hour'), unit(minutes, 'minute')]) : unit(hours, 'hour'));
      }
      const days = Math.floor(s / DAY);
      const hours = Math.round((s % DAY) / HOUR);
      return out(hours ? unitList.format([unit(days, 'day'), unit(hours, 'hour')]) : unit(days, 'day'));
    },
    date: (value) => {
      if (typeof value === 'string' && CALENDAR_DATE.test(value)) {
        const parsed = new Date(`${value}T00:00:00Z`);
        return Number.isNaN(parsed.getTime()) ? value : out(calendarDate.format(parsed));
      }
      const instant = toDate(value);
      return instant ? out(instantDate.format(instant)) : String(value);
    },
    dateTime: (value) => {
      const instant = toDate(value);
      return instant ? out(dateTime.format(instant)) : String(value);
    },
    time: (value) => {
      const instant = toDate(value);
      return instant ? out(time.format(instant)) : String(value);
    },
    when: (value, now = new Date()) => {
      const instant = toDate(value);
      if (!instant) return String(value);
      const days = dayDifference(dayKey, instant, now);
      if (days === 0 || days === -1) return out(`${relative.format(days, 'day')} ${time.format(instant)}`);
      return out(dateTime.format(instant));
    },
    relative: (value, now = new Date()) => {
      const instant = toDate(value);
      if (!instant) return String(value);
      const seconds = (instant.getTime() - now.getTime()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < MINUTE) return out(relative.format(Math.round(seconds), 'second'));
      if (abs < HOUR) return out(relative.format(Math.round(seconds / MINUTE), 'minute'));
      if (abs < DAY) return out(relative.format(Math.round(seconds / HOUR), 'hour'));
      return out(relative.format(dayDifference(dayKey, instant, now), 'day'));
    },
    list: (items) => list.format(items),
    title: (text) => text.replace(DATE_IN_TITLE, (iso) => formatters.date(iso)),
  };
  return formatters;
}

/** A calendar date inside a title (not inside a longer run of digits or an id). */
const DATE_IN_TITLE = /(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])/g;

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Calendar days from `now` to `instant` in the formatter's time zone (-1 = yesterday). */
function dayDifference(dayKey: Intl.DateTimeFormat, instant: Date, now: Date): number {
  const day = (d: Date) => Date.parse(`${dayKey.format(d)}T00:00:00Z`);
  return Math.round((day(instant) - day(now)) / (DAY * 1000));
}
