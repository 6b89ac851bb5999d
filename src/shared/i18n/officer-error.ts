import type { AppError, ErrorCode } from '../errors.js';
import { SOURCE_LANGUAGE } from './languages.js';
import type { LocalizedText } from './message.js';
import { createTranslator, type Translator } from './translator.js';

let english: Translator | undefined;

/**
 * `message` said in English (the catalogs' source language), for logs and the Details a support person
 * reads. Dates and sizes inside it follow English formats; the officer never reads this.
 */
export function inEnglish(message: LocalizedText): string {
  english ??= createTranslator(SOURCE_LANGUAGE);
  return english.say(message);
}

/**
 * A sentence main writes for the officer, as both the catalog message the page says (`text`) and its
 * English for the log and the command-line tools' JSON (`message`).
 */
export function sentence(text: LocalizedText): { readonly message: string; readonly text: LocalizedText } {
  return { message: inEnglish(text), text };
}

/**
 * An expected failure the officer reads in their language: `text` is the catalog message the page
 * says, `message` the same sentence in English for the log. Main builds its officer-facing errors
 * with this instead of writing English sentences (the literal-strings check refuses those).
 */
export function officerError(
  code: ErrorCode,
  text: LocalizedText,
  more: Omit<AppError, 'code' | 'message' | 'text'> = {},
): AppError {
  return { code, message: inEnglish(text), text, ...more };
}
