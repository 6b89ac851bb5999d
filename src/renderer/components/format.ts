import type { Field } from '../../shared/entity/field.js';
import { entityGraph } from '../../shared/entity-graph.js';
import type { EntityWords } from '../../shared/i18n/entity-words.js';
import type { Formatters } from '../../shared/i18n/formatters.js';
import type { Translate } from '../../shared/i18n/translator.js';

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

// Still used by screens not yet converted (issue 13); goes when the last one uses `Shown`.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const number = new Intl.NumberFormat();

/** "10:32" today, "3 May 2025, 10:32" otherwise. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === new Date().toDateString() ? `today ${time.format(date)}` : dateTime.format(date);
}

export const formatNumber = (n: number) => number.format(n);

/** `reviewStatus` → "Review status". */
export function humanize(name: string): string {
  const words = name
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** A field value as text: booleans as Yes/No, empty as a dash, JSON compact. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return number.format(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A declared field's value as an officer reads it: enum values in words, instants as local times. */
export function formatFieldValue(entity: string, field: string, value: unknown): string {
  const fields: Readonly<Record<string, Field>> | undefined = entityGraph.byName.get(entity)?.fields;
  const kind = fields?.[field]?.kind;
  if (typeof value === 'string' && kind === 'enum') return humanize(value);
  if (typeof value === 'string' && kind === 'datetime') return formatWhen(value);
  return formatValue(value);
}
