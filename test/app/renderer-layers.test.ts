import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's layers, lowest first. A file imports its own layer or lower ones, never a higher one,
 * so the shell (app/) is the only place that knows every screen, and a screen never depends on the shell
 * that shows it. Each folder under features/ is one screen's domain: features share code through
 * components/ (or state/, api/), never by importing each other.
 */
const LAYERS = ['api', 'state', 'components', 'features', 'app', 'main.tsx'] as const;
type Layer = (typeof LAYERS)[number];

const ROOT = join(import.meta.dirname, '../..');
const RENDERER = 'src/renderer';

interface Place {
  readonly layer: Layer;
  /** The feature's domain folder, for files under features/. */
  readonly domain?: string;
}

/** Where a renderer file sits; `undefined` for a file outside every declared layer. */
function placeOf(path: string): Place | undefined {
  const [top, domain] = posix.relative(RENDERER, path).split('/');
  const layer = LAYERS.find((l) => l === top);
  if (!layer) return undefined;
  return layer === 'features' ? { layer, domain } : { layer };
}

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

/** Every import in `graph` (file → the repo paths or package names it imports) that breaks the layering. */
function layeringViolations(graph: ReadonlyMap<string, readonly string[]>): Violation[] {
  const found: Violation[] = [];
  for (const [from, imports] of graph) {
    const source = placeOf(from);
    if (!source) {
      found.push({ from, to: from, why: `a file outside the layers (${LAYERS.join(', ')}): give its folder a layer` });
      continue;
    }
    for (const to of imports) {
      const why = refusal(source, to);
      if (why) found.push({ from, to, why });
    }
  }
  return found;
}

function refusal(source: Place, to: string): string | undefined {
  if (!to.startsWith('src/')) return undefined; // a package
  if (to.startsWith('src/shared/')) return undefined;
  if (!to.startsWith(`${RENDERER}/`)) return 'the renderer imports only itself and src/shared';
  const target = placeOf(to);
  if (!target) return 'imports a file outside the layers';
  const up = LAYERS.indexOf(target.layer) - LAYERS.indexOf(source.layer);
  if (up > 0) return `${source.layer} sits below ${target.layer} and may not import it`;
  if (source.layer === 'features' && target.layer === 'features' && source.domain !== target.domain) {
    return 'a feature imports no other feature: move the shared part to components/';
  }
  return undefined;
}

/** The renderer's files (repo-relative, forward slashes) with what each imports, relative ones resolved. */
function rendererImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) graph.set(path, importsOf(path));
    }
  };
  walk(RENDERER);
  return graph;
}

function importsOf(path: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith('.')
      ? relative(ROOT, join(ROOT, dirname(path), fileName))
          .split('\\')
          .join('/')
          .replace(/\.js$/, '.ts')
      : fileName,
  );
}

describe('renderer layering', () => {
  it('holds for every import in src/renderer', () => {
    const graph = rendererImportGraph();
    expect(graph.size).toBeGreaterThan(40);
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('refuses a feature importing another feature, the shell, or main', () => {
    const graph = new Map([
      ['src/renderer/features/settings/settings-screen.tsx', ['src/renderer/features/sign-in/sign-in-form.ts']],
      ['src/renderer/features/visits/visit-list.tsx', ['src/renderer/app/app.ts', 'src/main/store/index.ts']],
    ]);
    expect(layeringViolations(graph).map((v) => v.why)).toEqual([
      'a feature imports no other feature: move the shared part to components/',
      'features sits below app and may not import it',
      'the renderer imports only itself and src/shared',
    ]);
  });

  it('refuses components or state importing upwards, and files outside the layers', () => {
    const graph = new Map([
      ['src/renderer/components/visit-list.tsx', ['src/renderer/features/visits/visit-screen.ts']],
      ['src/renderer/state/use-route.ts', ['src/renderer/components/format.ts']],
      ['src/renderer/screens/old-screen.tsx', []],
    ]);
    expect(layeringViolations(graph).map((v) => v.from)).toEqual([
      'src/renderer/components/visit-list.tsx',
      'src/renderer/state/use-route.ts',
      'src/renderer/screens/old-screen.tsx',
    ]);
  });

  it('lets a feature use its own folder, the lower layers, shared code and packages', () => {
    const graph = new Map([
      [
        'src/renderer/features/visits/visit-screen.tsx',
        [
          'src/renderer/features/visits/review-card.ts',
          'src/renderer/components/visit-list.ts',
          'src/renderer/state/use-route.ts',
          'src/renderer/api/api-context.ts',
          'src/shared/entity-graph.ts',
          '@fluentui/react-components',
        ],
      ],
    ]);
    expect(layeringViolations(graph)).toEqual([]);
  });
});
