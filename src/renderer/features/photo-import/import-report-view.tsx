import {
  Caption1,
  Card,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { ImportReportView } from '../../../shared/ipc/schemas/photos.js';
import { formatBytes } from '../../components/format.js';

const useStyles = makeStyles({ facts: { display: 'flex', gap: '24px', flexWrap: 'wrap', margin: '8px 0' } });

/** What happened to every file: imported, duplicates, skipped with the reason. */
export function ImportReportCard({ report }: { readonly report: ImportReportView }) {
  const styles = useStyles();
  const notImported = [
    ...report.skipped.map((s) => ({ path: s.path, why: s.message, kind: s.reason })),
    ...report.duplicates.map((d) => ({
      path: d.path,
      why: d.of === 'library' ? 'Already imported on this PC' : 'Same photo as another file on this card',
      kind: 'duplicate',
    })),
  ];
  return (
    <Card
      data-testid="import-report"
      data-imported={report.imported}
      data-duplicates={report.duplicates.length}
      data-skipped={report.skipped.length}
    >
      <Subtitle2>Import report</Subtitle2>
      <div className={styles.facts}>
        <Text>{report.filesSeen} files seen</Text>
        <Text weight="semibold">{report.imported} imported</Text>
        <Text>{report.duplicates.length} duplicates</Text>
        <Text>{report.skipped.length} skipped</Text>
        <Text>{formatBytes(report.bytesImported)}</Text>
      </div>
      {report.warnings.map((w) => (
        <Caption1 key={w.path} block>
          {w.path}: {w.message}
        </Caption1>
      ))}
      {notImported.length > 0 ? (
        <Table size="small" aria-label="Files not imported">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Why</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {notImported.map((n) => (
              <TableRow key={`${n.kind}:${n.path}`} data-testid="not-imported" data-reason={n.kind}>
                <TableCell>{n.path}</TableCell>
                <TableCell>{n.why}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Card>
  );
}
