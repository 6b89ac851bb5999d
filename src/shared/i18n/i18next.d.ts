import 'i18next';
import type { Catalog } from './catalogs.js';

/**
 * Typed keys: `t('visits:review.approve')` is checked against the English catalogs at compile time,
 * so a key used in code but missing from the catalogs does not build.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Catalog;
    returnNull: false;
    // ICU arguments, not i18next's `{{x}}`: the catalog check compares them across languages.
    parseInterpolation: false;
  }
}
