import { describe, expect, it } from 'vitest';
import { matchLanguage, resolveLanguage } from '../../src/shared/i18n/languages.js';
import { text } from '../../src/shared/i18n/message.js';
import { accent, pseudoCatalog, pseudoLocalize } from '../../src/shared/i18n/pseudo-locale.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';

describe('the language shown', () => {
  it('follows the computer’s language when the officer chose none, English when Fieldsync does not speak it', () => {
    expect(matchLanguage('fr-FR')).toBe('fr');
    expect(matchLanguage('pt_MZ.UTF-8')).toBe('pt');
    expect(matchLanguage('sw-KE')).toBe('en');
    expect(matchLanguage(undefined)).toBe('en');
    expect(matchLanguage('en-XA')).toBe('en-XA');
    expect(resolveLanguage(null, 'fr-SN')).toBe('fr');
    expect(resolveLanguage('pt', 'fr-SN')).toBe('pt');
  });
});

describe('a translator', () => {
  it('speaks the chosen language and switches at once', async () => {
    const translator = createTranslator('fr');
    expect(translator.t('settings:language.label')).toBe('Langue');
    await translator.setLanguage('pt');
    expect(translator.language).toBe('pt');
    expect(translator.t('settings:language.label')).toBe('Idioma');
  });

  it('fills ICU arguments', () => {
    const translator = createTranslator('fr');
    expect(translator.t('settings:language.system', { language: 'Português' })).toBe(
      'Comme cet ordinateur (Português)',
    );
  });

  it('counts as each language does: zero is plural in European Portuguese and English, singular in French', () => {
    const zero = (language: 'en' | 'fr' | 'pt') =>
      createTranslator(language).t('photo-import:report.duplicates', { count: 0 });
    expect(zero('pt')).toBe('0 duplicados');
    expect(zero('en')).toBe('0 duplicates');
    expect(zero('fr')).toBe('0 doublon');
    expect(createTranslator('pt').t('photo-import:report.duplicates', { count: 1 })).toBe('1 duplicado');
  });

  it('says a message main sent with its values', () => {
    const translator = createTranslator('pt');
    expect(translator.say(text('settings:language.system', { language: 'Français' }))).toBe(
      'Igual a este computador (Français)',
    );
  });

  it('reports a message it could not format and shows it raw rather than nothing', () => {
    const failures: string[] = [];
    const translator = createTranslator('en', { onFormatError: (key) => failures.push(key) });
    expect(translator.t('settings:language.system')).toBe('Same as this computer ({language})');
    expect(failures).toEqual(['language.system']);
  });
});

describe('the pseudo-locale', () => {
  it('accents every letter, brackets the message and makes it about 40 % longer', () => {
    const message = 'Sync every (minutes)';
    const pseudo = pseudoLocalize(message);
    expect(pseudo.startsWith('⟦Šýñç éṽéŕý')).toBe(true);
    expect(pseudo.endsWith('⟧')).toBe(true);
    expect(/[A-Za-z]/.test(pseudo)).toBe(false);
    expect(pseudo.length).toBeGreaterThanOrEqual(Math.ceil(message.length * 1.4));
  });

  it('keeps placeholders, plurals and selects working', () => {
    const translator = createTranslator('en-XA');
    expect(translator.t('settings:language.system', { language: 'Français' })).toMatch(
      /^⟦Šåɱé åš ţĥîš çöɱþûţéŕ \(Français\)·+⟧$/,
    );
    const plural = pseudoLocalize(
      '{count, plural, one {# visit} other {# visits}} to {who, select, me {me} other {them}}',
    );
    expect(plural).toContain('{count,plural,one{# ṽîšîţ} other{# ṽîšîţš}}');
    expect(plural).toContain('{who,select,me{ɱé} other{ţĥéɱ}}');
  });

  it('covers every catalog tree', () => {
    expect(pseudoCatalog({ a: { b: 'Hi' } })).toEqual({ a: { b: '⟦Ĥî·⟧' } });
    expect(accent('Oct 31')).toBe('Öçţ 31');
  });
});
