import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/ARCHITECTURE.md is where a newcomer starts, so it must not drift from the tree: every repo path
 * it names exists, and every folder directly under src/, src/main and src/renderer has a row in its
 * folders table.
 */
const ROOT = join(import.meta.dirname, '../..');
const DOC = 'docs/ARCHITECTURE.md';
const DESCRIBED_LEVELS = ['src', 'src/main', 'src/renderer'];
const REPO_ROOTS = ['src/', 'test/', 'scripts/', 'drizzle/', 'docs/', 'resources/'];

/** Repo paths in backticks (`src/main/sync/`), leaving out patterns such as `<domain>-handlers.ts`. */
function namedPaths(markdown: string): string[] {
  const paths = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] as string);
  return [...new Set(paths.filter((p) => REPO_ROOTS.some((r) => p.startsWith(r)) && !/[<>*]/.test(p)))];
}

/** The first column of the folders table: the folders (and files) the note gives a row. */
function describedFolders(markdown: string): Set<string> {
  const start = markdown.indexOf('## Folders and where they run');
  const section = markdown.slice(start, markdown.indexOf('\n## ', start + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => namedPaths(row.split('|')[1] ?? '').map((p) => p.replace(/\/$/, ''))));
}

/** The folders a reader must find in the table. */
function foldersToDescribe(): string[] {
  return DESCRIBED_LEVELS.flatMap((level) =>
    readdirSync(join(ROOT, level), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `${level}/${e.name}`),
  );
}

/** What is wrong with the note against the tree: missing paths and undescribed folders. */
function drift(markdown: string, exists: (path: string) => boolean, folders: readonly string[]): string[] {
  const described = describedFolders(markdown);
  return [
    ...namedPaths(markdown)
      .filter((p) => !exists(p))
      .map((p) => `names ${p}, which does not exist`),
    ...folders.filter((f) => !described.has(f)).map((f) => `has no row for ${f}/`),
  ];
}

describe('docs/ARCHITECTURE.md', () => {
  const markdown = readFileSync(join(ROOT, DOC), 'utf8');

  it('names only paths that exist and describes every top folder of src, src/main and src/renderer', () => {
    expect(namedPaths(markdown).length).toBeGreaterThan(30);
    expect(drift(markdown, (p) => existsSync(join(ROOT, p)), foldersToDescribe())).toEqual([]);
  });

  it('fails for a named folder that is gone and for a folder without a row', () => {
    const folders = [...foldersToDescribe(), 'src/main/newcomer'];
    const gone = (p: string) => p !== 'src/main/fs/' && existsSync(join(ROOT, p));
    expect(drift(markdown, gone, folders)).toEqual([
      'names src/main/fs/, which does not exist',
      'has no row for src/main/newcomer/',
    ]);
  });
});
