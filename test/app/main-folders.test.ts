import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The main process's folders import each other in one direction only: the Electron-free core (store,
 * sync, photos, fs, log.ts) below the façade (app), the transports (ipc) above it, the shell (electron)
 * on top. A loop between two folders (the old ipc ↔ app circle) means neither can be read, tested or
 * moved to another process without the other.
 */
const ROOT = join(import.meta.dirname, '../..');
const MAIN = 'src/main';

/** The folder (or top-level file) of src/main a repo path belongs to. */
function unitOf(path: string): string | undefined {
  if (!path.startsWith(`${MAIN}/`)) return undefined;
  return posix
    .relative(MAIN, path)
    .split('/')[0]
    ?.replace(/\.tsx?$/, '');
}

/** Folder → the other folders its files import, from every relative import under src/main. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const from = unitOf(path) as string;
        const targets = graph.get(from) ?? new Set<string>();
        graph.set(from, targets);
        const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
        for (const { fileName } of importedFiles) {
          if (!fileName.startsWith('.')) continue;
          const to = unitOf(
            relative(ROOT, join(ROOT, dirname(path), fileName))
              .split('\\')
              .join('/'),
          );
          if (to && to !== from) targets.add(to);
        }
      }
    }
  };
  walk(MAIN);
  return graph;
}

/** Every cycle's folders, found by depth-first search (empty when the graph is a DAG). */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('src/main folder imports', () => {
  it('form no loop between folders', () => {
    const graph = folderGraph();
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['app', 'ipc', 'store', 'sync', 'photos', 'electron']));
    expect(cycles(graph)).toEqual([]);
  });

  it('keep the core below the façade: store, sync, photos and fs import neither app, ipc nor electron', () => {
    const graph = folderGraph();
    for (const core of ['store', 'sync', 'photos', 'fs', 'log']) {
      const targets = [...(graph.get(core) ?? [])];
      expect({ core, targets: targets.filter((t) => ['app', 'ipc', 'electron'].includes(t)) }).toEqual({
        core,
        targets: [],
      });
    }
    expect([...(graph.get('app') ?? [])]).not.toContain('ipc');
  });

  it('finds a loop when there is one (the old ipc ↔ app circle)', () => {
    const graph = new Map([
      ['app', new Set(['store', 'ipc'])],
      ['ipc', new Set(['app'])],
      ['store', new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([['app', 'ipc', 'app']]);
  });
});

describe('timers', () => {
  it('belong to the sync scheduler: the open account sets none of its own and reads no global clock', () => {
    const source = readFileSync(join(ROOT, 'src/main/app/open-account.ts'), 'utf8');
    expect(source.match(/\b(setTimeout|setInterval|setImmediate|clearTimeout|Date\.now)\b/g) ?? []).toEqual([]);
  });
});
