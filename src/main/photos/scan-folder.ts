import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type LocalizedText, text } from '../../shared/i18n/message.js';
import { sentence } from '../../shared/i18n/officer-error.js';
import { FILE_ERROR_TEXT, fileErrorReason } from './file-error-reason.js';
import type { SkippedFile } from './import-report.js';

/** A regular file found under the import root. */
export interface FoundFile {
  readonly kind: 'file';
  readonly path: string;
  /** Relative to the root, with `/` separators (stable in reports on every OS). */
  readonly relativePath: string;
}

/** Something not scanned; `code` is the system's error code when reading failed (a pulled card?). */
export type ScanEntry = FoundFile | ({ readonly kind: 'skipped'; readonly code?: string } & SkippedFile);

/** Deeper than any camera layout (DCIM/100CANON/…); stops pathological trees. */
const MAX_DEPTH = 32;

/**
 * Windows' own folders at the root of every drive: the volume's restore points and index (which
 * refuses to be read: "Permission denied" in every report) and the recycle bin. Not the officer's
 * files, so left out without a word.
 */
const SYSTEM_FOLDERS = new Set(['system volume information', '$recycle.bin', 'recycler']);

/** The camera folder of the DCF standard every camera and phone writes its photos into. */
const CAMERA_FOLDER = 'dcim';

/** What the officer reads about folders not scanned (one place, for translation). */
export const SCAN_FOLDER_TEXT = {
  outsideDcim: text('photo-import:skip.outsideDcim'),
  loopUp: text('photo-import:skip.loopUp'),
  loopAgain: text('photo-import:skip.loopAgain'),
  tooDeep: (depth: number) => text('photo-import:skip.tooDeep', { depth }),
  notAFile: text('photo-import:skip.notAFile'),
  outsideLink: text('photo-import:skip.outsideLink'),
  badName: text('photo-import:skip.badName'),
} as const;

/**
 * Walks a folder recursively (DCIM layouts and anything else), depth first in name order, following
 * links inside the chosen folder but never into a folder it is already inside (a symlink loop) or has
 * already walked, and never a link that leads out of the chosen folder (reported "link outside the card":
 * a card must not import or upload what lies elsewhere on the PC).
 * Unreadable folders and odd entries are reported, never thrown: the walk always finishes.
 *
 * A root holding a DCIM folder is a camera card: only DCIM is walked (cameras keep their own files
 * beside it), and everything else at the root is reported as not scanned. Windows' system folders at
 * the root are left out silently.
 */
export async function* scanFolder(root: string, signal?: AbortSignal): AsyncGenerator<ScanEntry> {
  const rootReal = await realpath(root);
  const walked = new Set<string>([rootReal]);
  const inside = (real: string) =>
    real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  yield* walk(root, root, [rootReal], walked, inside, signal);
}

async function* walk(
  root: string,
  dir: string,
  ancestors: string[],
  walked: Set<string>,
  inside: (real: string) => boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<ScanEntry> {
  const rel = (p: string) => relative(root, p).split('\\').join('/') || '.';
  let entries: Dirent[];
  try {
    // As bytes: a name that is not valid UTF-8 would come back with U+FFFD, a path that does not exist.
    const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    entries = [];
    for (const entry of raw) {
      const name = entry.name.toString('utf8');
      if (Buffer.from(name, 'utf8').equals(entry.name)) {
        entries.push(Object.assign(Object.create(Object.getPrototypeOf(entry)) as Dirent, entry, { name }));
      } else {
        yield {
          kind: 'skipped',
          path: rel(join(dir, name)),
          reason: 'bad-name',
          ...sentence(SCAN_FOLDER_TEXT.badName),
        };
      }
    }
  } catch (error) {
    yield { kind: 'skipped', path: rel(dir), ...fileErrorReason(error, 'folder'), ...codeOf(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const atRoot = dir === root;
  if (atRoot) entries = entries.filter((e) => !SYSTEM_FOLDERS.has(e.name.toLowerCase()));
  const camera = atRoot ? entries.find((e) => e.name.toLowerCase() === CAMERA_FOLDER && e.isDirectory()) : undefined;
  for (const entry of entries) {
    signal?.throwIfAborted();
    const path = join(dir, entry.name);
    if (camera && entry !== camera) {
      yield { kind: 'skipped', path: rel(path), reason: 'outside-dcim', ...sentence(SCAN_FOLDER_TEXT.outsideDcim) };
      continue;
    }
    if (entry.isSymbolicLink() && !inside(await realpath(path).catch(() => rootReal(ancestors)))) {
      yield { kind: 'skipped', path: rel(path), reason: 'outside-link', ...sentence(SCAN_FOLDER_TEXT.outsideLink) };
      continue;
    }
    const kind = await entryKind(entry, path);
    if (kind.kind === 'error') {
      yield {
        kind: 'skipped',
        path: rel(path),
        reason: kind.reason,
        message: kind.message,
        text: kind.text,
        ...kind.code,
      };
    } else if (kind.kind === 'file') {
      yield { kind: 'file', path, relativePath: rel(path) };
    } else if (kind.kind === 'dir') {
      const real = await realpath(path).catch(() => path);
      if (ancestors.includes(real)) {
        yield { kind: 'skipped', path: rel(path), reason: 'symlink-loop', ...sentence(SCAN_FOLDER_TEXT.loopUp) };
      } else if (walked.has(real)) {
        yield { kind: 'skipped', path: rel(path), reason: 'symlink-loop', ...sentence(SCAN_FOLDER_TEXT.loopAgain) };
      } else if (ancestors.length > MAX_DEPTH) {
        yield {
          kind: 'skipped',
          path: rel(path),
          reason: 'not-a-file',
          ...sentence(SCAN_FOLDER_TEXT.tooDeep(MAX_DEPTH)),
        };
      } else {
        walked.add(real);
        yield* walk(root, path, [...ancestors, real], walked, inside, signal);
      }
    } else {
      yield { kind: 'skipped', path: rel(path), reason: 'not-a-file', ...sentence(SCAN_FOLDER_TEXT.notAFile) };
    }
  }
}

/** The chosen folder's real path (a link whose target is missing resolves nowhere: judged as inside, then reported missing). */
function rootReal(ancestors: readonly string[]): string {
  return ancestors[0] ?? '';
}

function codeOf(error: unknown): { code?: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? { code } : {};
}

type EntryKind =
  | { kind: 'file' | 'dir' | 'other' }
  | {
      kind: 'error';
      reason: SkippedFile['reason'];
      message: string;
      text: LocalizedText;
      code: { code?: string };
    };

async function entryKind(entry: Dirent, path: string): Promise<EntryKind> {
  if (entry.isFile()) return { kind: 'file' };
  if (entry.isDirectory()) return { kind: 'dir' };
  if (!entry.isSymbolicLink()) return { kind: 'other' };
  try {
    const target = await stat(path);
    return { kind: target.isFile() ? 'file' : target.isDirectory() ? 'dir' : 'other' };
  } catch (error) {
    // A link whose target is missing, or a loop of links to links (ELOOP).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'error', reason: 'symlink-loop', ...sentence(FILE_ERROR_TEXT.loop), code: {} };
    return { kind: 'error', ...fileErrorReason(error, 'link'), code: codeOf(error) };
  }
}
