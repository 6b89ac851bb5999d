import type { Lookup } from './translator.js';

/**
 * Words for records, from keys built at run time: a kind of record (`entities:schoolVisit.one`), a field
 * (`…fields.reviewStatus`) and an enumeration value (`…values.reviewStatus.flagged`). Every declared
 * entity, field and value has them in every language (test/i18n/entity-words.test.ts); something only a
 * newer server knows is shown as it came rather than as a key.
 */
export interface EntityWords {
  /** "School visit" (`one`) or "School visits" (`other`). */
  kind(entity: string, number?: 'one' | 'other'): string;
  /** "Review status". */
  field(entity: string, field: string): string;
  /** "Flagged" for `flagged`; a value the catalogs lack is shown as entered. */
  value(entity: string, field: string, value: string): string;
  /** A record rule (`entities:schoolVisit.rules.flaggedNeedsComment`) as one sentence; the id when unknown. */
  rule(entity: string, rule: string): string;
}

/** An enumeration value as a key segment: `image/jpeg` → `image_jpeg`. */
export const valueKey = (value: string): string => value.replace(/[^A-Za-z0-9_-]/g, '_');

export function entityWords(lookup: Lookup): EntityWords {
  return {
    kind: (entity, number = 'one') => lookup(`entities:${entity}.${number}`) ?? entity,
    field: (entity, field) => lookup(`entities:${entity}.fields.${field}`) ?? field,
    value: (entity, field, value) => lookup(`entities:${entity}.values.${field}.${valueKey(value)}`) ?? value,
    rule: (entity, rule) => lookup(`entities:${entity}.rules.${rule}`) ?? rule,
  };
}
