/**
 * Every catalog, bundled: the page and main (dialogs, notifications, the CLI) read the same files, and a
 * language switch needs no loading. Adding a namespace: add it to `namespaces.ts`, create its file in
 * every `locales/<language>/`, and import it here (the catalog check refuses a file left out).
 */

import type { Language } from './languages.js';
import enApp from './locales/en/app.json' with { type: 'json' };
import enCli from './locales/en/cli.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enConflicts from './locales/en/conflicts.json' with { type: 'json' };
import enEntities from './locales/en/entities.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import enHome from './locales/en/home.json' with { type: 'json' };
import enPhotoImport from './locales/en/photo-import.json' with { type: 'json' };
import enQueue from './locales/en/queue.json' with { type: 'json' };
import enReports from './locales/en/reports.json' with { type: 'json' };
import enSchools from './locales/en/schools.json' with { type: 'json' };
import enSettings from './locales/en/settings.json' with { type: 'json' };
import enShell from './locales/en/shell.json' with { type: 'json' };
import enSignIn from './locales/en/sign-in.json' with { type: 'json' };
import enVisits from './locales/en/visits.json' with { type: 'json' };
import enWorklist from './locales/en/worklist.json' with { type: 'json' };
import frApp from './locales/fr/app.json' with { type: 'json' };
import frCli from './locales/fr/cli.json' with { type: 'json' };
import frCommon from './locales/fr/common.json' with { type: 'json' };
import frConflicts from './locales/fr/conflicts.json' with { type: 'json' };
import frEntities from './locales/fr/entities.json' with { type: 'json' };
import frErrors from './locales/fr/errors.json' with { type: 'json' };
import frHome from './locales/fr/home.json' with { type: 'json' };
import frPhotoImport from './locales/fr/photo-import.json' with { type: 'json' };
import frQueue from './locales/fr/queue.json' with { type: 'json' };
import frReports from './locales/fr/reports.json' with { type: 'json' };
import frSchools from './locales/fr/schools.json' with { type: 'json' };
import frSettings from './locales/fr/settings.json' with { type: 'json' };
import frShell from './locales/fr/shell.json' with { type: 'json' };
import frSignIn from './locales/fr/sign-in.json' with { type: 'json' };
import frVisits from './locales/fr/visits.json' with { type: 'json' };
import frWorklist from './locales/fr/worklist.json' with { type: 'json' };
import ptApp from './locales/pt/app.json' with { type: 'json' };
import ptCli from './locales/pt/cli.json' with { type: 'json' };
import ptCommon from './locales/pt/common.json' with { type: 'json' };
import ptConflicts from './locales/pt/conflicts.json' with { type: 'json' };
import ptEntities from './locales/pt/entities.json' with { type: 'json' };
import ptErrors from './locales/pt/errors.json' with { type: 'json' };
import ptHome from './locales/pt/home.json' with { type: 'json' };
import ptPhotoImport from './locales/pt/photo-import.json' with { type: 'json' };
import ptQueue from './locales/pt/queue.json' with { type: 'json' };
import ptReports from './locales/pt/reports.json' with { type: 'json' };
import ptSchools from './locales/pt/schools.json' with { type: 'json' };
import ptSettings from './locales/pt/settings.json' with { type: 'json' };
import ptShell from './locales/pt/shell.json' with { type: 'json' };
import ptSignIn from './locales/pt/sign-in.json' with { type: 'json' };
import ptVisits from './locales/pt/visits.json' with { type: 'json' };
import ptWorklist from './locales/pt/worklist.json' with { type: 'json' };
import type { Namespace } from './namespaces.js';

/** English is the source: its shape is the type every other language must match. */
export const sourceCatalog = {
  common: enCommon,
  app: enApp,
  errors: enErrors,
  entities: enEntities,
  'sign-in': enSignIn,
  schools: enSchools,
  visits: enVisits,
  worklist: enWorklist,
  home: enHome,
  queue: enQueue,
  conflicts: enConflicts,
  'photo-import': enPhotoImport,
  settings: enSettings,
  shell: enShell,
  cli: enCli,
  reports: enReports,
} satisfies Record<Namespace, object>;
export type Catalog = typeof sourceCatalog;

/** Loose on purpose: a translation's keys are compared with English by the catalog check, not the compiler. */
type LooseCatalog = Readonly<Record<keyof Catalog, object>>;

export const catalogs: Readonly<Record<Language, LooseCatalog>> = {
  en: sourceCatalog,
  fr: {
    common: frCommon,
    app: frApp,
    errors: frErrors,
    entities: frEntities,
    'sign-in': frSignIn,
    schools: frSchools,
    visits: frVisits,
    worklist: frWorklist,
    home: frHome,
    queue: frQueue,
    conflicts: frConflicts,
    'photo-import': frPhotoImport,
    settings: frSettings,
    shell: frShell,
    cli: frCli,
    reports: frReports,
  },
  pt: {
    common: ptCommon,
    app: ptApp,
    errors: ptErrors,
    entities: ptEntities,
    'sign-in': ptSignIn,
    schools: ptSchools,
    visits: ptVisits,
    worklist: ptWorklist,
    home: ptHome,
    queue: ptQueue,
    conflicts: ptConflicts,
    'photo-import': ptPhotoImport,
    settings: ptSettings,
    shell: ptShell,
    cli: ptCli,
    reports: ptReports,
  },
};
