import {
  Badge,
  Card,
  CardHeader,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  // No inner scroll: the table is as tall as the school's teachers, in the page's one scroll area.
  teachers: { overflowX: 'auto' },
  // Columns as wide as their words: a heading one long word in French or Portuguese must not spill.
  table: { tableLayout: 'auto' },
  highlighted: { backgroundColor: tokens.colorBrandBackground2, outlineStyle: 'none' },
});

/** A school's teachers: name with markers, gender, qualification, employee number and whether active. */
export function TeachersCard({
  teachers,
  highlighted,
}: {
  readonly teachers: readonly RecordView[];
  /** A teacher the officer came for (a search hit): marked, scrolled to and focused. */
  readonly highlighted?: string;
}) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const target = useRef<HTMLTableRowElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once the rows with that teacher are shown.
  useEffect(() => {
    target.current?.scrollIntoView({ block: 'nearest' });
    target.current?.focus({ preventScroll: true });
  }, [highlighted, teachers]);
  return (
    <Card>
      <CardHeader header={<Subtitle2>{t('schools:teachers.title', { count: teachers.length })}</Subtitle2>} />
      <div className={styles.teachers}>
        <Table
          size="small"
          className={styles.table}
          aria-label={t('schools:teachers.label')}
          data-testid="teachers-table"
        >
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('schools:teachers.name')}</TableHeaderCell>
              <TableHeaderCell>{words.field('teacher', 'gender')}</TableHeaderCell>
              <TableHeaderCell>{words.field('teacher', 'qualification')}</TableHeaderCell>
              <TableHeaderCell>{words.field('teacher', 'employeeNumber')}</TableHeaderCell>
              <TableHeaderCell>{words.field('teacher', 'active')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {teachers.map((teacher) => (
              <TableRow
                key={teacher.id}
                {...(teacher.id === highlighted
                  ? { ref: target, tabIndex: -1, 'aria-current': true, className: styles.highlighted }
                  : {})}
                data-testid="teacher-row"
              >
                <TableCell>
                  {show.value(teacher.fields.firstName)} {show.value(teacher.fields.lastName)}{' '}
                  <RecordMarkers pending={teacher.localState === 'pending'} conflicted={teacher.conflicted} />
                </TableCell>
                <TableCell>{show.fieldValue('teacher', 'gender', teacher.fields.gender)}</TableCell>
                <TableCell>{show.value(teacher.fields.qualification)}</TableCell>
                <TableCell>{show.value(teacher.fields.employeeNumber)}</TableCell>
                <TableCell>
                  {teacher.fields.active ? (
                    <Badge appearance="tint" color="success">
                      {t('schools:teachers.active')}
                    </Badge>
                  ) : (
                    <Badge appearance="tint">{t('schools:teachers.inactive')}</Badge>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
