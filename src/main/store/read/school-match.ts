import type { RecordReader } from './record-reader.js';

/**
 * The condition a school row `s` meets when the schools screen's search words (bound as a `LIKE`
 * pattern, see `containsPattern`) find it: its name or EMIS code contains them. One definition for the
 * screen's search hits, its list of schools and the schools export of what the screen shows.
 */
export function schoolMatchesSql(reader: RecordReader, param: string): string {
  return `(${reader.column('name', 's')} like @${param} escape '\\' or ${reader.column('emisCode', 's')} like @${param} escape '\\')`;
}
