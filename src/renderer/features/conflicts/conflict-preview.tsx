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
  tokens,
} from '@fluentui/react-components';
import type { RecordRule } from '../../../shared/entity/record-rules.js';
import type { ConflictView } from '../../../shared/ipc/schemas/conflicts.js';
import { useT } from '../../state/i18n/use-t.js';
import type { FieldLine } from './conflict-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
  // The field column as wide as its longest name, the value taking the rest: no wide empty gap.
  table: { tableLayout: 'auto' },
  field: { width: '1%', whiteSpace: 'nowrap', paddingInlineEnd: '24px' },
  value: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  /** A field a broken rule reads: marked so the officer sees which value to change. */
  offending: { backgroundColor: tokens.colorPaletteRedBackground1, fontWeight: tokens.fontWeightSemibold },
  rules: { margin: 0, paddingInlineStart: '20px' },
});

export interface ConflictPreviewProps {
  readonly conflict: ConflictView;
  readonly lines: readonly FieldLine[];
  /** The record the choices would write (`previewRecord`). */
  readonly record: Readonly<Record<string, unknown>>;
  /** The record rules it breaks: their fields are marked; `BrokenRules` says why beside the buttons. */
  readonly broken: readonly RecordRule[];
}

/** What the record will say once the choices are applied, field by field, and any rule it would break. */
export function ConflictPreview({ conflict, lines, record, broken }: ConflictPreviewProps) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const offending = new Set(broken.flatMap((rule) => rule.fields));
  return (
    <section className={styles.root} aria-label={t('conflicts:preview.title')} data-testid="conflict-preview">
      <Subtitle2 as="h2">{t('conflicts:preview.title')}</Subtitle2>
      <Table size="small" className={styles.table} aria-label={t('conflicts:preview.title')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('conflicts:table.field')}</TableHeaderCell>
            <TableHeaderCell>{t('conflicts:preview.value')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line) => (
            <TableRow
              key={line.field}
              data-testid="preview-field"
              data-field={line.field}
              data-offending={offending.has(line.field) || undefined}
              className={offending.has(line.field) ? styles.offending : undefined}
            >
              <TableCell className={styles.field}>{words.field(conflict.entity, line.field)}</TableCell>
              <TableCell>
                <span className={styles.value}>{show.fieldValue(conflict.entity, line.field, record[line.field])}</span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

/**
 * Why the choices cannot be applied (the rules the preview breaks), shown beside the buttons they
 * disable so it stays in view with them.
 */
export function BrokenRules({ entity, broken }: { readonly entity: string; readonly broken: readonly RecordRule[] }) {
  const styles = useStyles();
  const { t, words } = useT();
  if (broken.length === 0) return null;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="preview-invalid">
      <MessageBarBody>
        <MessageBarTitle>{t('conflicts:preview.invalid')}</MessageBarTitle>
        <ul className={styles.rules}>
          {broken.map((rule) => (
            <li key={rule.id} data-testid="preview-rule" data-rule={rule.id}>
              {words.rule(entity, rule.id)}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
