import { matchLanguage } from '../src/shared/i18n/languages.js';
import { createTranslator, type Translator } from '../src/shared/i18n/translator.js';

/**
 * The command-line tools' messages meant for people (usage, what is missing, progress) in the terminal's
 * language (`LC_ALL`, `LC_MESSAGES`, `LANG`) or `--lang`; their JSON output stays as it is for scripts.
 */
export function cliTranslator(argv: readonly string[] = process.argv): Translator {
  // Read before (and whatever) the option parser says: a usage error is said in the chosen language too.
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const option = argv[at] ?? '';
  const flag = at < 0 ? undefined : option.includes('=') ? option.slice(option.indexOf('=') + 1) : argv[at + 1];
  const terminal = terminalLocale();
  return createTranslator(matchLanguage(flag ?? terminal), { systemLocale: terminal ?? null });
}

function terminalLocale(): string | undefined {
  const { LC_ALL, LC_MESSAGES, LANG } = process.env;
  return LC_ALL || LC_MESSAGES || LANG || undefined;
}
