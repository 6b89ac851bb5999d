import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  isPluralElement,
  isSelectElement,
  isStructurallySame,
  isTagElement,
  type MessageFormatElement,
  parse,
  TYPE,
} from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';

/**
 * The catalog check (issue 13): every key in every language, no key left unused, no key used in code that
 * is missing, ICU syntax valid, the same placeholders in every language. A library, so its tests can feed
 * it broken catalogs and see each rule fail.
 */

/** language → namespace → nested messages. */
export type CatalogSet = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface CheckInput {
  readonly catalogs: CatalogSet;
  readonly sourceLanguage: string;
  readonly namespaces: readonly string[];
  /** The code whose key references count (the app and its scripts; not tests). */
  readonly sources: readonly SourceFile[];
  /** Literals shaped like keys that are not (IPC channels `queue:list`, event kinds `queue:changed`). */
  readonly notKeys: ReadonlySet<string>;
}

/**
 * i18next reads these from a `t()` call's values as its own options: a placeholder with one of these
 * names would change the lookup (`context` picks another key) instead of showing the value.
 */
const RESERVED_PLACEHOLDERS = new Set([
  'context',
  'defaultValue',
  'lng',
  'lngs',
  'ns',
  'keyPrefix',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'skipInterpolation',
  'replace',
  'ordinal',
  'fallbackLng',
]);

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Every message of a nested catalog, by dotted path; `problems` gets anything that is not a message. */
export function flatten(tree: unknown, where: string, problems: string[], prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) {
    problems.push(`${where}: expected an object of messages`);
    return out;
  }
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (!SEGMENT.test(name)) problems.push(`${where} ${path}: key segments are letters, digits, _ and - only`);
    if (typeof value === 'string') {
      if (value.trim() === '') problems.push(`${where} ${path}: empty message`);
      out.set(path, value);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value, where, problems, path)) out.set(k, v);
    } else problems.push(`${where} ${path}: a message must be a string (found ${JSON.stringify(value)})`);
  }
  return out;
}

/** Arguments of a message with how each is used (`count:plural`, `name:argument`), sorted. */
export function placeholders(ast: readonly MessageFormatElement[]): string[] {
  const found = new Set<string>();
  const walk = (elements: readonly MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if (isTagElement(el)) {
        walk(el.children);
        continue;
      }
      found.add(`${el.value}:${TYPE[el.type]}`);
      if (isPluralElement(el) || isSelectElement(el))
        for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(ast);
  return [...found].sort();
}

function pluralProblems(ast: readonly MessageFormatElement[], language: string): string[] {
  // French and Portuguese say "1 visite" / "2 visites": a plural needs the language's `one` branch (or `=1`)
  // besides `other`; `many` and `few` may fall back to `other`.
  const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories.filter((c) => c === 'one');
  const problems: string[] = [];
  const walk = (elements: readonly MessageFormatElement[]) => {
    for (const el of elements) {
      if (isPluralElement(el)) {
        for (const category of needed) {
          if (el.pluralType === 'cardinal' && !(category in el.options) && !('=1' in el.options)) {
            problems.push(`plural {${el.value}} has no "${category}" branch`);
          }
        }
      }
      if (isPluralElement(el) || isSelectElement(el))
        for (const option of Object.values(el.options)) walk(option.value);
      if (isTagElement(el)) walk(el.children);
    }
  };
  walk(ast);
  return problems;
}

/** A key reference found in code: a full key, or a pattern (`entities:${name}.label`) as a regex. */
interface KeyReference {
  readonly text: string;
  readonly where: string;
  readonly pattern: RegExp | null;
  /**
   * Passed straight to a translation (`t(…)`, `text(…)`, `<Sentence k=…>`): it must exist. A key-shaped
   * literal elsewhere (a typed table of keys) only counts as a use; the compiler checks its type.
   */
  readonly translated: boolean;
}

/** Calls and JSX attributes whose argument is a catalog key. */
const TRANSLATING_CALLS = new Set(['t', 'text']);
const TRANSLATING_ATTRIBUTES = new Set(['k']);

/** Key references in code: string and template literals shaped `ns:path` (comments are not code). */
export function keyReferences(sources: readonly SourceFile[], namespaces: readonly string[]): KeyReference[] {
  const ns = namespaces.map((n) => n.replace(/[-]/g, '\\-')).join('|');
  const full = new RegExp(`^(?:${ns}):[A-Za-z0-9_.-]+$`);
  const head = new RegExp(`^(?:${ns}):[A-Za-z0-9_.-]*$`);
  const middle = /^[A-Za-z0-9_.-]*$/;
  const refs: KeyReference[] = [];
  for (const { path, text } of sources) {
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
    const visit = (node: ts.Node) => {
      const where = () => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && full.test(node.text)) {
        refs.push({ text: node.text, where: where(), pattern: null, translated: translating(node) });
      } else if (
        ts.isTemplateExpression(node) &&
        head.test(node.head.text) &&
        node.templateSpans.every((span) => middle.test(span.literal.text))
      ) {
        // Each `${…}` stands for one key segment (an enum value, an entity name).
        const literals = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
        const source = literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[A-Za-z0-9_-]+');
        const shown = node.getText(file).slice(1, -1);
        refs.push({ text: shown, where: where(), pattern: new RegExp(`^${source}$`), translated: translating(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return refs;
}

function translating(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const callee = parent.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return TRANSLATING_CALLS.has(name);
  }
  if (ts.isJsxAttribute(parent)) return TRANSLATING_ATTRIBUTES.has(parent.name.getText());
  if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
    return TRANSLATING_ATTRIBUTES.has(parent.parent.name.getText());
  }
  return false;
}

const scriptKind = (path: string) => (path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

/** Every rule; an empty list means the catalogs are complete and sound. */
export function checkCatalogs(input: CheckInput): string[] {
  const problems: string[] = [];
  const { catalogs, sourceLanguage, namespaces } = input;
  const languages = Object.keys(catalogs);
  const flat = new Map<string, Map<string, string>>();
  for (const language of languages) {
    const messages = new Map<string, string>();
    const byNs = catalogs[language] ?? {};
    for (const ns of namespaces) {
      if (!(ns in byNs)) problems.push(`${language}: namespace ${ns} has no catalog file`);
    }
    for (const ns of Object.keys(byNs)) {
      if (!namespaces.includes(ns)) problems.push(`${language}: ${ns}.json is not a declared namespace`);
      for (const [key, message] of flatten(byNs[ns], `${language}/${ns}.json`, problems)) {
        messages.set(`${ns}:${key}`, message);
      }
    }
    flat.set(language, messages);
  }
  const source = flat.get(sourceLanguage) ?? new Map<string, string>();
  const asts = new Map<string, MessageFormatElement[]>();
  for (const [language, messages] of flat) {
    for (const [key, message] of messages) {
      const where = `${language} ${key}`;
      if (language !== sourceLanguage && !source.has(key)) problems.push(`${where}: not in ${sourceLanguage} (stale)`);
      // ICU quotes with the ASCII apostrophe: "l'{school}" would swallow the placeholder. Write ’.
      if (message.includes("'")) problems.push(`${where}: ASCII apostrophe (ICU quoting); write ’ instead`);
      let ast: MessageFormatElement[];
      try {
        ast = parse(message, { ignoreTag: true });
      } catch (e) {
        problems.push(
          `${where}: ICU syntax: ${e instanceof Error ? e.message : String(e)} in ${JSON.stringify(message)}`,
        );
        continue;
      }
      asts.set(`${language}\u0000${key}`, ast);
      for (const p of pluralProblems(ast, language)) problems.push(`${where}: ${p}`);
      for (const p of placeholders(ast)) {
        const name = p.split(':')[0] as string;
        if (RESERVED_PLACEHOLDERS.has(name)) problems.push(`${where}: placeholder {${name}} is an i18next option name`);
      }
    }
  }
  for (const language of languages) {
    if (language === sourceLanguage) continue;
    const messages = flat.get(language) ?? new Map<string, string>();
    for (const key of source.keys()) {
      if (!messages.has(key)) {
        problems.push(`${language} ${key}: missing (${sourceLanguage}: ${JSON.stringify(source.get(key))})`);
        continue;
      }
      const a = asts.get(`${sourceLanguage}\u0000${key}`);
      const b = asts.get(`${language}\u0000${key}`);
      if (!a || !b) continue;
      const expected = placeholders(a).join(', ');
      const actual = placeholders(b).join(', ');
      const same = isStructurallySame(a, b);
      if (expected !== actual || !same.success) {
        problems.push(`${language} ${key}: placeholders [${actual}] differ from ${sourceLanguage} [${expected}]`);
      }
    }
  }
  const refs = keyReferences(input.sources, namespaces).filter((r) => !input.notKeys.has(r.text));
  for (const ref of refs.filter((r) => r.translated)) {
    if (ref.pattern) {
      if (![...source.keys()].some((k) => ref.pattern?.test(k))) {
        problems.push(`${ref.where}: key pattern ${ref.text} matches no key in the catalogs`);
      }
    } else if (!source.has(ref.text)) problems.push(`${ref.where}: key ${ref.text} is not in the catalogs`);
  }
  const exact = new Set(refs.filter((r) => !r.pattern).map((r) => r.text));
  const patterns = refs.flatMap((r) => (r.pattern ? [r.pattern] : []));
  for (const key of source.keys()) {
    if (!exact.has(key) && !patterns.some((p) => p.test(key)))
      problems.push(`${sourceLanguage} ${key}: not used in code`);
  }
  return problems;
}

/** Reads `locales/<language>/<namespace>.json` from disk (every file there, imported or not). */
export function readCatalogs(folder: string): CatalogSet {
  const set: Record<string, Record<string, unknown>> = {};
  for (const language of readdirSync(folder)) {
    const dir = join(folder, language);
    if (!statSync(dir).isDirectory()) continue;
    set[language] = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      (set[language] as Record<string, unknown>)[file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(join(dir, file), 'utf8'),
      );
    }
  }
  return set;
}

/** The `.ts`/`.tsx` files under the given folders, with paths relative to `root`. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
        files.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}
