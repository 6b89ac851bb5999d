import type { Field } from '../../../shared/entity/field.js';
import { entityGraph } from '../../../shared/entity-graph.js';
import type { EntityWords } from '../../../shared/i18n/entity-words.js';
import type { Formatters } from '../../../shared/i18n/formatters.js';
import type { Translate } from '../../../shared/i18n/translator.js';

/** How the screens show a stored value: in the officer's language, never as a key or an ISO date. */
export interface Shown {
  /** "today 10:32", "31 Oct 2026, 10:32"; "never" for no time at all. */
  when(iso: string | null | undefined): string;
  /** A value with no declared field: yes/no, a dash for empty, numbers grouped. */
  value(value: unknown): string;
  /** A declared field's value: enumerations in words, dates and instants in the locale. */
  fieldValue(entity: string, field: string, value: unknown): string;
}

export function createShown(t: Translate, format: Formatters, words: EntityWords): Shown {
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('common:yes') : t('common:no');
    if (typeof v === 'number') return format.number(v);
    if (typeof v === 'string') return v;
    return JSON.stringify(v);
  };
  const when = (iso: string | null | undefined) => (iso ? format.when(iso) : t('common:never'));
  return {
    when,
    value,
    fieldValue: (entity, field, v) => {
      const fields: Readonly<Record<string, Field>> | undefined = entityGraph.byName.get(entity)?.fields;
      const kind = fields?.[field]?.kind;
      if (typeof v === 'string' && kind === 'enum') return words.value(entity, field, v);
      if (typeof v === 'string' && kind === 'datetime') return when(v);
      if (typeof v === 'string' && kind === 'date') return format.date(v);
      return value(v);
    },
  };
}
