/** Name conversions shared by every derivation (SQL columns, API collections). */

/** `schoolVisit` → `school_visit`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `schoolVisit` → `school-visit`. */
export function kebabCase(name: string): string {
  return snakeCase(name).replace(/_/g, '-');
}

/** English plural of the last word, enough for entity names (`country` → `countries`, `school` → `schools`). */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}
