import type { SearchHit } from '../../../shared/ipc/schemas/graph.js';
import { quote } from '../codec/row-codec.js';
import { containsPattern } from './like-pattern.js';
import type { RecordReader } from './record-reader.js';
import { schoolMatchesSql } from './school-match.js';

/**
 * Schools by name or EMIS code, and teachers by name, each hit with the school to open; schools first,
 * up to `limit` hits, with the number of every match so the screen can say "30 of 212".
 */
export function searchRecords(
  reader: RecordReader,
  text: string,
  limit: number,
): { items: SearchHit[]; total: number } {
  const school = reader.def('school');
  const teacher = reader.def('teacher');
  const pattern = containsPattern(text.trim());
  const teacherName = `${reader.column('firstName', 't')} || ' ' || ${reader.column('lastName', 't')}`;
  const schoolsMatching = `from ${quote(school.table)} s
       where s._deleted = 0 and ${schoolMatchesSql(reader, 'p')}`;
  const teachersMatching = `from ${quote(teacher.table)} t join ${quote(school.table)} s on s.id = ${reader.column('schoolId', 't')}
       where t._deleted = 0 and (${teacherName}) like @p escape '\\'`;
  const schools = reader
    .prepare(
      'searchSchools',
      () =>
        `select s.id as id, ${reader.column('name', 's')} as title, ${reader.column('emisCode', 's')} as emis,
         ${reader.column('districtId', 's')} as districtId
       ${schoolsMatching}
       order by ${reader.column('name', 's')} limit @limit`,
    )
    .all({ p: pattern, limit }) as { id: string; title: string; emis: string; districtId: string }[];
  const teachers = reader
    .prepare(
      'searchTeachers',
      () =>
        `select t.id as id, ${teacherName} as title,
         ${reader.column('schoolId', 't')} as schoolId, ${reader.column('name', 's')} as schoolName,
         ${reader.column('districtId', 's')} as districtId
       ${teachersMatching}
       order by ${reader.column('lastName', 't')}, ${reader.column('firstName', 't')} limit @limit`,
    )
    .all({ p: pattern, limit }) as {
    id: string;
    title: string;
    schoolId: string;
    schoolName: string;
    districtId: string;
  }[];
  const items: SearchHit[] = [
    ...schools.map((s) => ({
      entity: school.name,
      id: s.id,
      title: s.title,
      subtitle: s.emis,
      schoolId: s.id,
      districtId: s.districtId,
    })),
    ...teachers.map((t) => ({
      entity: teacher.name,
      id: t.id,
      title: t.title,
      subtitle: t.schoolName,
      schoolId: t.schoolId,
      districtId: t.districtId,
    })),
  ];
  const schoolMatches = reader
    .prepare('countSchoolHits', () => `select count(*) as n ${schoolsMatching}`)
    .get({ p: pattern }) as { n: number };
  const teacherMatches = reader
    .prepare('countTeacherHits', () => `select count(*) as n ${teachersMatching}`)
    .get({ p: pattern }) as { n: number };
  return { items: items.slice(0, limit), total: schoolMatches.n + teacherMatches.n };
}
