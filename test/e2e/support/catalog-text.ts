import {
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  parse,
  TYPE,
} from '@formatjs/icu-messageformat-parser';
import { catalogs } from '../../../src/shared/i18n/catalogs.js';
import { type Language, SOURCE_LANGUAGE } from '../../../src/shared/i18n/languages.js';
import { flatten } from '../../i18n/catalog-check.js';
import type { ScreenText } from './screen-text.js';

/** Words the same in every language (the product's name, acronyms), as the literal-strings check has them. */
const SAME_EVERYWHERE = ['Fieldsync', 'JSON', 'EMIS', 'GPS', 'CSV', 'XLSX', 'https', 'http', 'MTP', 'USB'];

/** A word: letters (any script), with the apostrophes and hyphens inside it. */
const WORD = /\p{L}+(?:[’'-]\p{L}+)*/gu;

/** Every message of a language, by `namespace:path`. */
export function messagesOf(language: Language): Map<string, string> {
  const out = new Map<string, string>();
  const problems: string[] = [];
  for (const [ns, tree] of Object.entries(catalogs[language])) {
    for (const [path, message] of flatten(tree, `${language}/${ns}`, problems)) out.set(`${ns}:${path}`, message);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return out;
}

/** The text an officer can read in a message: its literal parts, every plural and select branch included. */
function literalText(message: string): string {
  const parts: string[] = [];
  const walk = (elements: readonly MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal) parts.push(el.value);
      else parts.push(' ');
      if (isPluralElement(el) || isSelectElement(el))
        for (const option of Object.values(el.options)) walk(option.value);
      if (isTagElement(el)) walk(el.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return parts.join('');
}

const wordsOf = (text: string) => text.match(WORD) ?? [];

/**
 * The English a French or Portuguese screen must not show: every word of an English message whose
 * translation differs, unless the translation's own catalogs use that word too (`Date`, `Photos`,
 * `Total`, `District`) or it is the same in every language. Each word maps to a key it came from,
 * so a failure names the message that was left in English.
 */
export function englishOnly(language: Language): Map<string, string> {
  const english = messagesOf(SOURCE_LANGUAGE);
  const translated = messagesOf(language);
  const theirs = new Set<string>(SAME_EVERYWHERE.map((w) => w.toLocaleLowerCase()));
  for (const message of translated.values())
    for (const w of wordsOf(literalText(message))) theirs.add(w.toLocaleLowerCase());
  const leftover = new Map<string, string>();
  for (const [key, message] of english) {
    if (translated.get(key) === message) continue;
    for (const w of wordsOf(literalText(message))) {
      const lower = w.toLocaleLowerCase();
      // Two-letter words (`in`, `on`, `at`) say too little to tell the languages apart.
      if (w.length >= 3 && !theirs.has(lower) && !leftover.has(lower)) leftover.set(lower, key);
    }
  }
  return leftover;
}

/**
 * English words on a screen shown in `language`: every visible text node and placeholder (from
 * `readScreenText`), data subtracted (names as entered in the field), checked word by word against
 * `englishOnly`. Answers `"text" at where: word (from key)` for each hit.
 */
export function englishOnScreen(
  screen: ScreenText,
  leftover: ReadonlyMap<string, string>,
  data: readonly string[],
): string[] {
  const hits: string[] = [];
  for (const { text, where } of screen.outside) {
    let rest = text.replace(/^placeholder: /, '');
    for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
    const english = wordsOf(rest).filter((w) => leftover.has(w.toLocaleLowerCase()));
    if (english.length > 0) {
      const from = english.map((w) => `${w} (${leftover.get(w.toLocaleLowerCase())})`).join(', ');
      hits.push(`${JSON.stringify(text)} at ${where}: ${from}`);
    }
  }
  return hits;
}
