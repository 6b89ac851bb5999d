import { describe, expect, it } from 'vitest';
import { createFormatters, formatLocaleOf } from '../../src/shared/i18n/formatters.js';

const UTC = { timeZone: 'UTC' };
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formats in the officer’s language', () => {
  const en = createFormatters('en', UTC);
  const fr = createFormatters('fr', UTC);
  const pt = createFormatters('pt', UTC);

  it('takes the computer’s region when it speaks the chosen language, else the offices’ default', () => {
    expect(formatLocaleOf('fr', 'fr-SN')).toBe('fr-SN');
    expect(formatLocaleOf('pt', 'pt_MZ.UTF-8')).toBe('pt-MZ');
    expect(formatLocaleOf('pt', 'en-US')).toBe('pt-MZ');
    expect(formatLocaleOf('en', 'fr-FR')).toBe('en-GB');
    expect(formatLocaleOf('en', 'C')).toBe('en-GB');
    expect(formatLocaleOf('en-XA', 'en-US')).toBe('en-US');
  });

  it('shows a calendar date as that day whatever the time zone (no ISO date, no shift to the day before)', () => {
    const westOfUtc = createFormatters('en', { timeZone: 'America/Lima' });
    expect(westOfUtc.date('2026-10-31')).toBe('31 Oct 2026');
    expect(fr.date('2026-10-31')).toBe('31 oct. 2026');
    expect(pt.date('2026-10-31')).toBe('31/10/2026');
  });

  it('shows an instant in the PC’s time zone', () => {
    const nairobi = createFormatters('en', { timeZone: 'Africa/Nairobi' });
    expect(nairobi.dateTime('2026-12-04T05:52:15.898Z')).toBe('4 Dec 2026, 08:52');
    expect(nbsp(fr.dateTime('2026-12-04T05:52:15.898Z'))).toBe('4 déc. 2026, 05:52');
  });

  it('says today and yesterday in words', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    expect(en.when('2026-12-04T08:41:00Z', now)).toBe('today 08:41');
    expect(fr.when('2026-12-03T17:02:00Z', now)).toBe('hier 17:02');
    expect(pt.when('2026-12-04T08:41:00Z', now)).toBe('hoje 08:41');
    expect(en.when('2026-11-20T08:41:00Z', now)).toBe('20 Nov 2026, 08:41');
  });

  it('says relative times', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    expect(en.relative('2026-12-04T14:55:00Z', now)).toBe('5 minutes ago');
    expect(fr.relative('2026-12-04T17:00:00Z', now)).toBe('dans 2 heures');
    expect(pt.relative('2026-12-03T09:00:00Z', now)).toBe('ontem');
  });

  it('groups digits, and writes percentages, sizes and rates as the language does', () => {
    expect(en.number(4327)).toBe('4,327');
    expect(nbsp(fr.number(4327))).toBe('4 327');
    expect(nbsp(fr.percent(0.42))).toBe('42 %');
    expect(en.fileSize(13.5 * 1024 * 1024)).toBe('13.5 MB');
    expect(nbsp(fr.fileSize(13.5 * 1024 * 1024))).toBe('13,5 Mo');
    expect(pt.fileSize(512)).toBe('512 byte');
    expect(nbsp(fr.rate(4 * 1024 * 1024))).toBe('4,0 Mo/s');
  });

  it('says durations to the unit that matters', () => {
    expect(en.duration(45)).toBe('45 secs');
    expect(en.duration(125)).toBe('2 mins');
    expect(nbsp(fr.duration(3900))).toBe('1 h 5 min');
    expect(pt.duration(2 * 86400)).toBe('2 dias');
  });

  it('joins lists as the language does', () => {
    expect(fr.list(['a', 'b', 'c'])).toBe('a, b et c');
    expect(pt.list(['a', 'b'])).toBe('a e b');
    // A visit's title from main: its date in the officer's format, the school's name as entered.
    expect(fr.title('Hill School · 2026-03-02')).toBe('Hill School · 2 mars 2026');
    expect(fr.title('KE-2026-03-02-7 · 2026-03-02x')).toBe('KE-2026-03-02-7 · 2026-03-02x');
  });

  it('leaves a value that is not a date as it was entered', () => {
    expect(en.date('not a date')).toBe('not a date');
  });

  it('accents everything in the pseudo-locale, so a plain letter on screen is a bug', () => {
    const pseudo = createFormatters('en-XA', { timeZone: 'UTC', systemLocale: 'en-US' });
    expect(pseudo.date('2026-10-31')).toBe('Öçţ 31, 2026');
    expect(pseudo.fileSize(2048)).toBe('2.0 ķƁ');
    expect(/[A-Za-z]/.test(pseudo.when('2026-12-04T08:41:00Z', new Date('2026-12-04T09:00:00Z')))).toBe(false);
  });
});
