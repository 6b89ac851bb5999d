import ts from 'typescript';
import type { SourceFile } from './catalog-check.js';

/**
 * Finds text an officer would read that is written in code instead of coming from a catalog (issue 13):
 * JSX text children, string literals shown as children, user-visible JSX props (title, label,
 * placeholder, aria-label…), and the words of main-process dialogs, notifications and the taskbar.
 * A library, so its tests can feed it code and watch each rule fire.
 */

/** JSX props whose value an officer reads or hears. */
export const VISIBLE_PROPS = new Set([
  'title',
  'label',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'alt',
  'hint',
  'validationMessage',
  'content',
  'description',
  'header',
  'subtitle',
]);

/** Calls of main whose string arguments (or option properties) reach the officer. */
const DIALOG_CALLS = new Set([
  'showErrorBox',
  'showMessageBox',
  'showMessageBoxSync',
  'showOpenDialog',
  'showSaveDialog',
  'Notification',
  'notify',
  'setToolTip',
  'setTitle',
  'setThumbarButtons',
  'buildFromTemplate',
]);
/** Option properties of those calls that are shown. */
const DIALOG_PROPS = new Set([
  'title',
  'message',
  'detail',
  'body',
  'buttons',
  'checkboxLabel',
  'buttonLabel',
  'label',
  'tooltip',
  'subtitle',
]);

/** Words that are the same in every language: the product's name and acronyms. */
const SAME_EVERYWHERE = new Set(['Fieldsync', 'JSON', 'EMIS', 'GPS', 'CSV', 'XLSX']);

export interface Literal {
  readonly where: string;
  readonly text: string;
}

const LETTER = /\p{L}/u;

/** Text with a letter in it that is not a product name or acronym. */
function isWords(text: string): boolean {
  const trimmed = text.trim();
  if (!LETTER.test(trimmed)) return false;
  return !trimmed.split(/[\s\p{P}\p{S}]+/u).every((w) => w === '' || SAME_EVERYWHERE.has(w));
}

/** The visible text fragments of an expression: literals, template pieces, both sides of `?:`, `??`, `||`. */
function fragments(node: ts.Expression): { node: ts.Node; text: string }[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ node, text: node.text }];
  if (ts.isTemplateExpression(node)) {
    return [node.head, ...node.templateSpans.map((s) => s.literal)].map((l) => ({ node, text: l.text }));
  }
  if (ts.isParenthesizedExpression(node)) return fragments(node.expression);
  if (ts.isConditionalExpression(node)) return [...fragments(node.whenTrue), ...fragments(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
      node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
  ) {
    // `a && 'x'` shows 'x'; the left side of `&&` is a condition.
    return node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
      ? fragments(node.right)
      : [...fragments(node.left), ...fragments(node.right)];
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => fragments(e));
  return [];
}

/** Literal user-visible strings in renderer JSX. */
export function jsxLiterals(sources: readonly SourceFile[]): Literal[] {
  const found: Literal[] = [];
  for (const { path, text } of sources) {
    if (!path.endsWith('.tsx')) continue;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const at = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && isWords(node.text)) found.push({ where: at(node), text: node.text.trim() });
      else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
        for (const f of fragments(node.expression))
          if (isWords(f.text)) found.push({ where: at(f.node), text: f.text });
      } else if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(file)) && node.initializer) {
        const init = node.initializer;
        const parts = ts.isStringLiteral(init)
          ? [{ node: init, text: init.text }]
          : ts.isJsxExpression(init) && init.expression
            ? fragments(init.expression)
            : [];
        for (const f of parts) if (isWords(f.text)) found.push({ where: at(f.node), text: f.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** Literal strings passed to main's dialogs, notifications, taskbar and menus. */
export function dialogLiterals(sources: readonly SourceFile[]): Literal[] {
  const found: Literal[] = [];
  for (const { path, text } of sources) {
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const at = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const shown = (expr: ts.Expression): void => {
      // Options built first and passed by name (`const options = { title: '…' }; dialog.showMessageBox(options)`).
      if (ts.isIdentifier(expr)) {
        const init = initializerOf(file, expr.text);
        if (init) shown(init);
        return;
      }
      for (const f of fragments(expr)) if (isWords(f.text)) found.push({ where: at(f.node), text: f.text });
      if (ts.isObjectLiteralExpression(expr)) {
        for (const prop of expr.properties) {
          if (ts.isPropertyAssignment(prop) && DIALOG_PROPS.has(prop.name.getText(file))) shown(prop.initializer);
        }
      }
      if (ts.isArrayLiteralExpression(expr)) for (const e of expr.elements) shown(e);
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        if (DIALOG_CALLS.has(name)) for (const arg of node.arguments ?? []) shown(arg);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** The initializer of a `const`/`let` named `name` in `file` (the first found), for options passed by name. */
function initializerOf(file: ts.SourceFile, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      found = node.initializer;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Codes whose English `message` the page would show as written (to an English reader) when the error
 * carries no `text`: main must say these through the catalogs (`officerError`). Other codes are
 * explained by the page from the code itself, so their `message` is only for the log and Details.
 */
export const OFFICER_READS_MESSAGE = new Set(['BAD_REQUEST', 'FILE', 'FILE_BUSY']);

/**
 * English sentences main writes as the officer's error text: an error literal (`{ code: 'FILE',
 * message: '…' }`) with one of `OFFICER_READS_MESSAGE`'s codes, a `message` that is words, and no
 * catalog `text`. (A message computed elsewhere is not seen: the check is for what can be read here.)
 */
export function errorLiterals(sources: readonly SourceFile[]): Literal[] {
  const found: Literal[] = [];
  for (const { path, text } of sources) {
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const at = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isObjectLiteralExpression(node)) {
        const props = new Map<string, ts.Expression>();
        for (const p of node.properties) {
          if (ts.isPropertyAssignment(p)) props.set(p.name.getText(file), p.initializer);
          else if (ts.isShorthandPropertyAssignment(p)) props.set(p.name.text, p.name);
        }
        const code = props.get('code');
        const message = props.get('message');
        if (code && message && !props.has('text') && fragments(code).some((f) => OFFICER_READS_MESSAGE.has(f.text))) {
          const words = ts.isIdentifier(message) ? [] : fragments(message).filter((f) => isWords(f.text));
          for (const f of words) found.push({ where: at(f.node), text: f.text });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}
