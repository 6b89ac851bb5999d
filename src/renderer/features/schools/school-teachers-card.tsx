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
} from '@fluentui/react-components';
import type { RecordView } from '../../../shared/ipc/schemas/graph.js';
import { RecordMarkers } from '../../components/record-markers.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  teachers: { maxHeight: '260px', overflowY: 'auto' },
  // Columns as wide as their words: a heading one long word in French or Portuguese must not spill.
  table: { tableLayout: 'auto' },
});

/** A school's teachers: name with markers, gender, qualification, employee number and whether active. */
export function TeachersCard({ teachers }: { readonly teachers: readonly RecordView[] }) {
  const styles = useStyles();
  const { t, words, show } = useT();
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
              <TableRow key={teacher.id}>
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
