import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { RecordRule } from '../../../shared/entity/record-rules.js';
import type { ConflictView } from '../../../shared/ipc/schemas/conflicts.js';
import { useT } from '../../state/i18n/use-t.js';
import type { FieldLine } from './conflict-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  value: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  rules: { margin: 0, paddingInlineStart: '20px' },
});

export interface ConflictPreviewProps {
  readonly conflict: ConflictView;
  readonly lines: readonly FieldLine[];
  /** The record the choices would write (`previewRecord`). */
  readonly record: Readonly<Record<string, unknown>>;
  /** The record rules it breaks: shown with their reason; the screen does not let it be applied. */
  readonly broken: readonly RecordRule[];
}

/** What the record will say once the choices are applied, field by field, and any rule it would break. */
export function ConflictPreview({ conflict, lines, record, broken }: ConflictPreviewProps) {
  const styles = useStyles();
  const { t, words, show } = useT();
  return (
    <section className={styles.root} aria-label={t('conflicts:preview.title')} data-testid="conflict-preview">
      <Subtitle2 as="h2">{t('conflicts:preview.title')}</Subtitle2>
      <Table size="extra-small" aria-label={t('conflicts:preview.title')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('conflicts:table.field')}</TableHeaderCell>
            <TableHeaderCell>{t('conflicts:preview.value')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line) => (
            <TableRow key={line.field} data-testid="preview-field" data-field={line.field}>
              <TableCell>{words.field(conflict.entity, line.field)}</TableCell>
              <TableCell>
                <span className={styles.value}>{show.fieldValue(conflict.entity, line.field, record[line.field])}</span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {broken.length > 0 ? (
        <MessageBar intent="error" layout="multiline" data-testid="preview-invalid">
          <MessageBarBody>
            <MessageBarTitle>{t('conflicts:preview.invalid')}</MessageBarTitle>
            <ul className={styles.rules}>
              {broken.map((rule) => (
                <li key={rule.id} data-testid="preview-rule" data-rule={rule.id}>
                  {words.rule(conflict.entity, rule.id)}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}
