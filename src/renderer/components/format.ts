import type { Field } from '../../shared/entity/field.js';
import { entityGraph } from '../../shared/entity-graph.js';

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
