import { describe, expect, it } from 'vitest';
import { checkTarget } from '../../src/main/app/data-folder/copy-data-folder.js';
import { moveRunning, photoImportOpen } from '../../src/main/app/data-folder/data-folder.js';
import { fileReadError, whyFileFailed, whyOnFile } from '../../src/main/fs/file-failure.js';
import { FileLockedError } from '../../src/main/fs/retry-fs.js';
import { FILE_ERROR_TEXT, fileErrorReason } from '../../src/main/photos/file-error-reason.js';
import { suggestVisit } from '../../src/main/photos/suggest-visit.js';
import { fileError } from '../../src/main/reports/file-error.js';
import { outOfScopeError } from '../../src/main/store/apply/apply-scope-removals.js';
import { transportError } from '../../src/main/sync/transport-error.js';
import { officerMessage } from '../../src/renderer/components/officer-message.js';
import type { AppError } from '../../src/shared/errors.js';
import { entityWords } from '../../src/shared/i18n/entity-words.js';
import { LANGUAGES } from '../../src/shared/i18n/languages.js';
import { text } from '../../src/shared/i18n/message.js';
import { inEnglish, officerError } from '../../src/shared/i18n/officer-error.js';
import { createTranslator } from '../../src/shared/i18n/translator.js';

/**
 * Main's failures travel as a code plus a catalog message and its values (`text`); the page says them
 * in the officer's language. `message` is the same sentence in English, for the log and Details.
 */

const translators = Object.fromEntries(LANGUAGES.map((l) => [l, createTranslator(l)]));
const sayIn = (language: (typeof LANGUAGES)[number], error: AppError) => {
  const tr = translators[language];
  if (!tr) throw new Error(language);
  return officerMessage({ t: tr.t, words: entityWords(tr.lookup), say: tr.say, language }, error);
};

const errno = (code: string, path?: string) =>
  Object.assign(new Error(`${code}: system words`), { code, ...(path ? { path } : {}) });
const locked = () => new FileLockedError('copy', '/data/photo.jpg', 8, errno('EBUSY') as NodeJS.ErrnoException);

const must = (error: AppError | undefined): AppError => {
  if (!error) throw new Error('no error');
  return error;
};

/** One of each kind of error main explains itself, as main builds it. */
const samples: Record<string, AppError> = {
  'export file open in Excel': must(fileError(locked(), '/docs/visits.xlsx')),
  'export disk full': must(fileError(errno('ENOSPC'), '/docs/visits.xlsx')),
  'export folder unwritable': must(fileError(errno('EACCES'), '/docs/visits.xlsx')),
  'a photo unreadable': fileReadError(errno('EIO'), { text: text('errors:file.libraryCopy') }),
  'a photo held by the antivirus': fileReadError(errno('EBUSY'), '/data/photo.jpg'),
  'move running': moveRunning('/data'),
  'photo import open': photoImportOpen(),
  'target not absolute': (() => {
    const r = checkTarget('/data', 'relative/folder');
    return r.ok ? ({} as AppError) : r.error;
  })(),
  'sync cancelled': transportError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'sync'),
  'a change out of the officer’s districts': outOfScopeError(
    'District 1',
    'school',
    '0e4c1f0a-6b1d-4c55-9d3b-2f5b8d1c9a11',
  ),
  'settings not saved': officerError('FILE', text('settings:notSaved', { why: { text: whyFileFailed(locked()) } })),
};

describe('main’s failures are a code and a catalog message', () => {
  it.each(Object.entries(samples))('%s: code, key and values, with the English sentence as message', (_, error) => {
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(error.text?.key).toMatch(/^[a-z-]+:[\w.-]+$/);
    expect(error.message).toBe(inEnglish(error.text ?? text('errors:code.INTERNAL')));
  });

  it.each(Object.entries(samples))('%s: said in en, fr and pt, each different, no placeholder left', (_, error) => {
    const said = LANGUAGES.map((l) => sayIn(l, error));
    for (const s of said) {
      expect(s).not.toMatch(/[{}]|errors:|settings:|reports:/);
      expect(s.length).toBeGreaterThan(10);
    }
    expect(new Set(said).size).toBe(LANGUAGES.length);
    expect(said[0]).toBe(error.message);
    // The page says main's own words (the file, the reason), not the code's general sentence.
    expect(said).toEqual(LANGUAGES.map((l) => error.text && translators[l]?.say(error.text)));
    expect(said).not.toContain(translators.fr?.t(`errors:code.${error.code}`));
  });

  it('keeps the values main gave: the file, the folder, the system’s code', () => {
    const excel = must(samples['export file open in Excel']);
    expect(excel.text).toEqual({ key: 'reports:file.inUse', values: { file: '/docs/visits.xlsx' } });
    expect(sayIn('fr', excel)).toBe(
      '/docs/visits.xlsx est ouvert dans un autre programme (Excel\u202f?)\u202f: fermez-le et réessayez.',
    );
    expect(sayIn('pt', excel)).toBe('/docs/visits.xlsx está aberto noutro programa (Excel?): feche-o e tente de novo.');
    expect(sayIn('en', excel)).toBe('/docs/visits.xlsx is open in another program (Excel?): close it and try again.');
  });

  it('says a nested reason in the same language as its sentence (a lock, a system code, the file)', () => {
    const lockedCopy = whyOnFile(locked());
    expect(inEnglish(lockedCopy)).toBe(
      'Could not copy /data/photo.jpg: the file is in use by another program (an antivirus, OneDrive or Explorer may be holding it), or Windows does not allow the change (EBUSY)',
    );
    expect(translators.fr?.say(lockedCopy)).toMatch(
      /^Impossible de copier \/data\/photo\.jpg\u202f: le fichier est utilisé/,
    );
    expect(translators.pt?.say(lockedCopy)).toMatch(
      /^Não foi possível copiar \/data\/photo\.jpg: o ficheiro está a ser usado/,
    );
    expect(translators.fr?.say(whyOnFile(errno('ENOENT', '/d/x')))).toBe(
      '/d/x\u202f: le dossier ou le fichier a disparu (le lecteur a-t-il été retiré\u202f?)',
    );
    // An error the system explains only in its own words keeps them, quoted, inside the officer's sentence.
    expect(translators.pt?.say(whyFileFailed(errno('EWEIRD')))).toBe('o sistema respondeu “EWEIRD: system words”');
  });

  it('names the district an unsent change can no longer reach', () => {
    const lost = must(samples['a change out of the officer’s districts']);
    expect(sayIn('en', lost)).toBe(
      'You no longer have access to District 1, so this change can’t be sent. Discard it, or ask your administrator to give the district back.',
    );
    expect(sayIn('fr', lost)).toMatch(/^Vous n’avez plus accès à District 1\u202f: cette modification/);
    expect(sayIn('pt', lost)).toMatch(/^Já não tem acesso a District 1, por isso esta alteração não pode ser enviada/);
  });

  it('an error with no text of its own is said with its code’s sentence', () => {
    const bare: AppError = { code: 'TIMEOUT', message: 'The server stopped answering (sync).' };
    expect(sayIn('fr', bare)).toBe(translators.fr?.t('errors:code.TIMEOUT'));
  });

  it('a photo the import skipped: its reason in words of each language, the English kept for the report’s JSON', () => {
    const skipped = fileErrorReason(errno('EBUSY'), 'folder');
    expect(skipped.message).toBe(
      'The folder was in use by another program (an antivirus or Explorer) and could not be read',
    );
    expect(translators.fr?.say(skipped.text)).toMatch(/^Le dossier était utilisé par un autre programme/);
    expect(translators.pt?.say(skipped.text)).toMatch(/^A pasta estava a ser usada por outro programa/);
    const removed = FILE_ERROR_TEXT.cardRemoved(1);
    expect(translators.pt?.say(removed)).toContain('a 1 fotografia nova lida antes fica guardada');
    expect(translators.fr?.say(FILE_ERROR_TEXT.cardRemoved(3))).toContain(
      'les 3 nouvelles photos lues avant sont gardées',
    );
  });

  it('why a photo got no visit: its numbers and day formatted in the officer’s language', () => {
    const visit = { id: 'v1', visitDate: '2026-03-09', schoolName: 'EP Maputo', latitude: -25.9, longitude: 32.6 };
    const far = suggestVisit({ captureDay: '2026-03-09', latitude: -25.9, longitude: 32.65 }, [visit]);
    expect(far.confidence).toBe('none');
    expect(far.reason).toMatch(/^Taken 5 km from EP Maputo, the nearest visit that day: farther than 2 km/);
    expect(far.reason).toBe(inEnglish(far.text));
    expect(translators.fr?.say(far.text)).toMatch(/^Prise à 5 km de EP Maputo/);
    const none = suggestVisit({ captureDay: '2026-03-10', latitude: null, longitude: null }, [visit]);
    expect(translators.pt?.say(none.text)).toMatch(/^Nenhuma visita em .*2026/);
    expect(translators.fr?.say(none.text)).not.toContain('2026-03-10');
  });
});
