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
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({ facts: { display: 'flex', gap: '24px', flexWrap: 'wrap', margin: '8px 0' } });

/** What happened to every file: imported, duplicates, skipped with the reason. */
export function ImportReportCard({ report }: { readonly report: ImportReportView }) {
  const styles = useStyles();
  const { t, format, say } = useT();
  /** Reasons the catalogs word themselves; others keep main's sentence (its catalog text when it has one). */
  const reasonText = (reason: string) =>
    reason === 'outside-link'
      ? t('photo-import:report.reason.outsideLink')
      : reason === 'bad-name'
        ? t('photo-import:report.reason.badName')
        : null;
  const notImported = [
    ...report.skipped.map((s) => ({
      path: s.path,
      why: reasonText(s.reason) ?? (s.text ? say(s.text) : s.message),
      kind: s.reason,
    })),
    ...report.duplicates.map((d) => ({
      path: d.path,
      why: d.of === 'library' ? t('photo-import:report.inLibrary') : t('photo-import:report.sameOnCard'),
      kind: 'duplicate',
    })),
  ];
  return (
    <Card
      data-testid="import-report"
      data-imported={report.imported}
      data-inbox={report.inbox}
      data-duplicates={report.duplicates.length}
      data-skipped={report.skipped.length}
    >
      <Subtitle2>{t('photo-import:report.title')}</Subtitle2>
      <div className={styles.facts}>
        <Text>{t('photo-import:report.seen', { count: report.filesSeen })}</Text>
        <Text weight="semibold">{t('photo-import:report.imported', { count: report.imported })}</Text>
        {report.inbox > 0 ? (
          <Text data-testid="report-inbox">{t('photo-import:report.inbox', { count: report.inbox })}</Text>
        ) : null}
        <Text>{t('photo-import:report.duplicates', { count: report.duplicates.length })}</Text>
        <Text>{t('photo-import:report.skipped', { count: report.skipped.length })}</Text>
        <Text>{format.fileSize(report.bytesImported)}</Text>
      </div>
      {report.warnings.map((w) => (
        <Caption1 key={w.path} block>
          {w.path}: {w.text ? say(w.text) : w.message}
        </Caption1>
      ))}
      {notImported.length > 0 ? (
        <Table size="small" aria-label={t('photo-import:report.notImported')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('photo-import:report.file')}</TableHeaderCell>
              <TableHeaderCell>{t('photo-import:report.why')}</TableHeaderCell>
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
