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
import { formatNumber, formatValue, humanize } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';

const useStyles = makeStyles({ teachers: { maxHeight: '260px', overflowY: 'auto' } });

/** A school's teachers: name with markers, gender, qualification, employee number and whether active. */
export function TeachersCard({ teachers }: { readonly teachers: readonly RecordView[] }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader header={<Subtitle2>Teachers ({formatNumber(teachers.length)})</Subtitle2>} />
      <div className={styles.teachers}>
        <Table size="small" aria-label="Teachers" data-testid="teachers-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Gender</TableHeaderCell>
              <TableHeaderCell>Qualification</TableHeaderCell>
              <TableHeaderCell>Employee no.</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {teachers.map((t) => (
              <TableRow key={t.id}>
                <TableCell>
                  {formatValue(t.fields.firstName)} {formatValue(t.fields.lastName)}{' '}
                  <RecordMarkers pending={t.localState === 'pending'} conflicted={t.conflicted} />
                </TableCell>
                <TableCell>{humanize(String(t.fields.gender))}</TableCell>
                <TableCell>{formatValue(t.fields.qualification)}</TableCell>
                <TableCell>{formatValue(t.fields.employeeNumber)}</TableCell>
                <TableCell>
                  {t.fields.active ? (
                    <Badge appearance="tint" color="success">
                      Active
                    </Badge>
                  ) : (
                    <Badge appearance="tint">Inactive</Badge>
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
