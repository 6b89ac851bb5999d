import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/shared/i18n/catalogs.js';
import { SOURCE_LANGUAGE } from '../../src/shared/i18n/languages.js';
import { NAMESPACES } from '../../src/shared/i18n/namespaces.js';
import { CHANNELS } from '../../src/shared/ipc/contract.js';
import { appEventSchema } from '../../src/shared/ipc/events.js';
import { type CatalogSet, type CheckInput, checkCatalogs, readCatalogs, readSources } from './catalog-check.js';

const root = join(import.meta.dirname, '../..');
const onDisk = readCatalogs(join(root, 'src/shared/i18n/locales'));
/** IPC channels and event kinds look like keys (`queue:list`, `queue:changed`) but are not. */
const notKeys = new Set<string>([...CHANNELS, ...appEventSchema.options.map((o) => o.shape.kind.value)]);
const real: CheckInput = {
  catalogs: onDisk,
  sourceLanguage: SOURCE_LANGUAGE,
  namespaces: NAMESPACES,
  sources: readSources(root, ['src', 'scripts']),
  notKeys,
};

describe('the catalogs', () => {
  it('are complete in every language, all used, valid ICU with the same placeholders everywhere', () => {
    expect(checkCatalogs(real)).toEqual([]);
  });

  it('are all bundled: every file on disk is what the app imports', () => {
    expect(Object.keys(onDisk).sort()).toEqual(Object.keys(catalogs).sort());
    for (const [language, byNs] of Object.entries(onDisk)) {
      expect(catalogs[language as keyof typeof catalogs], language).toEqual(byNs);
    }
  });
});

/** The real check on a tiny world: two languages, one namespace, one source file. */
function check(fr: unknown, code = "t('app:hello'); t('app:visits', { count })", en?: unknown): string[] {
  const catalogsOf: CatalogSet = {
    en: { app: en ?? { hello: 'Hello {name}', visits: '{count, plural, one {# visit} other {# visits}}' } },
    fr: { app: fr as Record<string, unknown> },
  };
  return checkCatalogs({
    catalogs: catalogsOf,
    sourceLanguage: 'en',
    namespaces: ['app'],
    sources: [{ path: 'screen.tsx', text: code }],
    notKeys: new Set(['app:info']),
  });
}
/** Code with a template literal, written without a template literal here (the code is data for the check). */
const templateCall = (template: string) => `t(\`${template.replace('{', '$' + '{')}\`)`;
const goodFr = { hello: 'Bonjour {name}', visits: '{count, plural, one {# visite} other {# visites}}' };

describe('the catalog check refuses', () => {
  it('nothing in a sound catalog (and an IPC channel is not a key)', () => {
    expect(check(goodFr, "t('app:hello'); t('app:visits'); api.invoke('app:info')")).toEqual([]);
  });

  it('a key missing in a language, and a stale one English no longer has', () => {
    expect(check({ visits: goodFr.visits, bye: 'Au revoir' })).toEqual([
      'fr app:bye: not in en (stale)',
      'fr app:hello: missing (en: "Hello {name}")',
    ]);
  });

  it('invalid ICU syntax', () => {
    expect(check({ ...goodFr, hello: 'Bonjour {name' })).toEqual([
      expect.stringMatching(/^fr app:hello: ICU syntax: EXPECT_ARGUMENT_CLOSING_BRACE/),
    ]);
  });

  it('placeholders that differ between languages (renamed, or a plural turned into text)', () => {
    expect(check({ ...goodFr, hello: 'Bonjour {nom}' })).toEqual([
      'fr app:hello: placeholders [nom:argument] differ from en [name:argument]',
    ]);
    expect(check({ ...goodFr, visits: '{count} visites' })).toEqual([
      'fr app:visits: placeholders [count:argument] differ from en [count:plural]',
    ]);
  });

  it('a plural without the language’s "one" branch ("1 visites")', () => {
    expect(check({ ...goodFr, visits: '{count, plural, other {# visites}}' })).toEqual([
      'fr app:visits: plural {count} has no "one" branch',
    ]);
  });

  it('an ASCII apostrophe, which ICU reads as a quote (it would swallow the placeholder of "l’{name}")', () => {
    expect(check({ ...goodFr, hello: "Bonjour l'{name}" })).toEqual([
      'fr app:hello: ASCII apostrophe (ICU quoting); write ’ instead',
      'fr app:hello: placeholders [] differ from en [name:argument]',
    ]);
  });

  it('a key used in code that no catalog has, and a pattern that matches nothing', () => {
    const code = `t('app:hello'); t('app:visits'); t('app:gone'); ${templateCall('app:status.{s}')}`;
    expect(check(goodFr, code)).toEqual([
      'screen.tsx:1: key app:gone is not in the catalogs',
      `screen.tsx:1: key pattern app:status.${'$'}{s} matches no key in the catalogs`,
    ]);
  });

  it('a key no code uses', () => {
    expect(check(goodFr, "t('app:hello')")).toEqual(['en app:visits: not used in code']);
  });

  it('counts a key used through a pattern (an enum value) as used', () => {
    const en = { status: { open: 'Open', closed: 'Closed' } };
    expect(check({ status: { open: 'Ouvert', closed: 'Fermé' } }, templateCall('app:status.{state}'), en)).toEqual([]);
  });

  it('a placeholder named like an i18next option, which would change the lookup', () => {
    const en = { hello: 'Hello {context}' };
    expect(check({ hello: 'Bonjour {context}' }, "t('app:hello')", en)).toEqual([
      'en app:hello: placeholder {context} is an i18next option name',
      'fr app:hello: placeholder {context} is an i18next option name',
    ]);
  });

  it('a namespace without its file in a language', () => {
    const problems = checkCatalogs({
      catalogs: { en: { app: { hello: 'Hello' } }, fr: {} },
      sourceLanguage: 'en',
      namespaces: ['app'],
      sources: [{ path: 'a.ts', text: "t('app:hello')" }],
      notKeys: new Set(),
    });
    expect(problems).toContain('fr: namespace app has no catalog file');
  });
});
