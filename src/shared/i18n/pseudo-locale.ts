import {
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  parse,
  TYPE,
} from '@formatjs/icu-messageformat-parser';
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js';

/**
 * The pseudo-locale (`en-XA`): every catalog message accented, wrapped in ⟦ ⟧ and about 40 % longer,
 * its placeholders, plurals and selects untouched. On a screen shown in it, any plain ASCII letter
 * outside the brackets is text that bypassed the catalogs, and a cut-off bracket is text the layout
 * clips: what French or Portuguese (often 30-40 % longer than English) would hit.
 */

/** Every ASCII letter has an accented look-alike, so no catalog letter stays plain ASCII. */
const ACCENTED: Readonly<Record<string, string>> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] as string,
  ]),
);

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
/** Padding character (not a letter, so it is never mistaken for untranslated text). */
const PAD = '·';
const EXPANSION = 0.4;

/** Accents every ASCII letter of a text (formatted dates and numbers in the pseudo-locale go through it too). */
export function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c);
}

/** One catalog message in the pseudo-locale. Throws on a message that is not valid ICU (the catalog check says which). */
export function pseudoLocalize(message: string): string {
  const ast = parse(message, { ignoreTag: true });
  const letters = countLiteral(ast);
  const transformed = transform(ast);
  const padding = PAD.repeat(Math.ceil(letters * EXPANSION));
  return `${PSEUDO_OPEN}${printAST(transformed)}${padding}${PSEUDO_CLOSE}`;
}

function transform(ast: MessageFormatElement[]): MessageFormatElement[] {
  return ast.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: accent(el.value) };
    if (isPluralElement(el) || isSelectElement(el)) {
      const options = Object.fromEntries(
        Object.entries(el.options).map(([k, option]) => [k, { ...option, value: transform(option.value) }]),
      );
      return { ...el, options } as MessageFormatElement;
    }
    if (isTagElement(el)) return { ...el, children: transform(el.children) };
    return el;
  });
}

/** Characters of literal text (of the longest branch of a plural or select), what the padding grows with. */
function countLiteral(ast: MessageFormatElement[]): number {
  let count = 0;
  for (const el of ast) {
    if (el.type === TYPE.literal) count += el.value.length;
    else if (isPluralElement(el) || isSelectElement(el))
      count += Math.max(0, ...Object.values(el.options).map((o) => countLiteral(o.value)));
    else if (isTagElement(el)) count += countLiteral(el.children);
  }
  return count;
}

/** A catalog tree (nested objects of messages) in the pseudo-locale. */
export function pseudoCatalog<T>(catalog: T): T {
  if (typeof catalog === 'string') return pseudoLocalize(catalog) as T;
  if (catalog && typeof catalog === 'object') {
    return Object.fromEntries(Object.entries(catalog).map(([k, v]) => [k, pseudoCatalog(v)])) as T;
  }
  return catalog;
}
