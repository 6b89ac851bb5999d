import { describe, expect, it } from 'vitest';
import { entityGraph } from '../../src/shared/entity-graph.js';
import { entityWords } from '../../src/shared/i18n/entity-words.js';
import { LANGUAGES } from '../../src/shared/i18n/languages.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';

describe('words for records', () => {
  it('name every declared kind of record, field and enumeration value in every language', () => {
    const missing: string[] = [];
    for (const language of LANGUAGES) {
      const { lookup } = createTranslator(language);
      for (const def of entityGraph.ordered) {
        const keys = [
          `entities:${def.name}.one`,
          `entities:${def.name}.other`,
          ...Object.keys(def.fields).map((field) => `entities:${def.name}.fields.${field}`),
          ...Object.entries(def.fields).flatMap(([field, declared]) =>
            declared.kind === 'enum'
              ? declared.values.map(
                  (v: string) => `entities:${def.name}.values.${field}.${v.replace(/[^A-Za-z0-9_-]/g, '_')}`,
                )
              : [],
          ),
          ...def.rules.map((rule) => `entities:${def.name}.rules.${rule.id}`),
        ];
        for (const key of keys) if (lookup(key) === undefined) missing.push(`${language} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('say them in the language, and show what only a newer server knows as it came', () => {
    const fr = entityWords(createTranslator('fr').lookup);
    expect(fr.kind('schoolVisit')).toBe('Visite d’école');
    expect(fr.kind('teacherVisit', 'other')).toBe('Observations de classe');
    expect(fr.field('schoolVisit', 'reviewStatus')).toBe('Statut de validation');
    expect(fr.value('schoolVisit', 'reviewStatus', 'flagged')).toBe('Signalée');
    expect(fr.value('photo', 'mimeType', 'image/jpeg')).toBe('Image JPEG');
    const pt = entityWords(createTranslator('pt').lookup);
    expect(pt.value('school', 'type', 'early_childhood')).toBe('Pré-escolar');
    expect(pt.value('school', 'type', 'vocational')).toBe('vocational');
    expect(pt.field('school', 'newField')).toBe('newField');
    expect(pt.kind('bus')).toBe('bus');
    expect(fr.rule('schoolVisit', 'flaggedNeedsComment')).toMatch(/^Une visite signalée/);
    expect(pt.rule('schoolVisit', 'newRule')).toBe('newRule');
  });
});
