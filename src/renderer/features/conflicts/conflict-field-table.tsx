import {
  Badge,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ConflictView, FieldChoice } from '../../../shared/ipc/schemas/conflicts.js';
import { useT } from '../../state/i18n/use-t.js';
import { type FieldLine, keptSide } from './conflict-fields.js';

const useStyles = makeStyles({
  changed: { backgroundColor: tokens.colorPaletteYellowBackground1, fontWeight: tokens.fontWeightSemibold },
  contested: { backgroundColor: tokens.colorPaletteRedBackground1 },
  value: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  kept: { display: 'block', color: tokens.colorNeutralForeground3 },
  // The table's columns share the width equally: at 1280×720 "modifié des deux côtés" needs two lines,
  // and a badge of fixed height would let them spill out of its pill.
  bothChanged: { height: 'auto', minHeight: '16px', paddingBlock: '1px', whiteSpace: 'normal' },
});

export interface ConflictFieldTableProps {
  readonly conflict: ConflictView;
  readonly lines: readonly FieldLine[];
  /** The side kept per contested field, while the conflict is open. */
  readonly choices: Readonly<Record<string, FieldChoice>>;
  readonly onChoose: (field: string, side: 'local' | 'server') => void;
}

/** Base, mine and theirs per field, changes highlighted; open, a choice per contested field, else the result. */
export function ConflictFieldTable({ conflict, lines, choices, onChoose }: ConflictFieldTableProps) {
  const open = conflict.status === 'open';
  const { t } = useT();
  return (
    <Table size="small" aria-label={t('conflicts:table.label')} data-testid="conflict-table">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('conflicts:table.field')}</TableHeaderCell>
          <TableHeaderCell>{t('conflicts:table.base')}</TableHeaderCell>
          <TableHeaderCell>{t('conflicts:table.mine')}</TableHeaderCell>
          <TableHeaderCell>{t('conflicts:table.theirs')}</TableHeaderCell>
          <TableHeaderCell style={{ width: open ? 120 : 180 }}>
            {open ? t('conflicts:table.keep') : t('conflicts:table.result')}
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.map((line) => (
          <FieldLineRow
            key={line.field}
            conflict={conflict}
            line={line}
            choice={choices[line.field] ?? 'local'}
            onChoose={(side) => onChoose(line.field, side)}
          />
        ))}
      </TableBody>
    </Table>
  );
}

interface FieldLineRowProps {
  readonly conflict: ConflictView;
  readonly line: FieldLine;
  readonly choice: FieldChoice;
  readonly onChoose: (side: 'local' | 'server') => void;
}

/** One field: its name (flagged when both sides changed it), the three versions, and the choice or result. */
function FieldLineRow({ conflict, line, choice, onChoose }: FieldLineRowProps) {
  const styles = useStyles();
  const { t, words, show: shown } = useT();
  const open = conflict.status === 'open';
  const fieldName = words.field(conflict.entity, line.field);
  const baseOf = conflict.base ? line.base : undefined;
  const show = (value: unknown) => shown.fieldValue(conflict.entity, line.field, value);
  const cell = (value: unknown, changed: boolean) => (
    <TableCell className={mergeClasses(changed && styles.changed, line.contested && changed && styles.contested)}>
      <span className={styles.value}>{show(value)}</span>
    </TableCell>
  );
  return (
    <TableRow data-testid="conflict-field" data-field={line.field} data-contested={line.contested}>
      <TableCell>
        <Text weight={line.contested ? 'semibold' : 'regular'}>{fieldName}</Text>{' '}
        {line.contested ? (
          <Badge size="small" color="danger" appearance="tint" className={styles.bothChanged}>
            {t('conflicts:table.bothChanged')}
          </Badge>
        ) : null}
      </TableCell>
      {cell(baseOf, false)}
      {cell(line.local, JSON.stringify(line.local) !== JSON.stringify(baseOf))}
      {cell(line.server, JSON.stringify(line.server) !== JSON.stringify(baseOf))}
      <TableCell>
        {open && line.contested ? (
          <RadioGroup
            value={String(choice)}
            onChange={(_, d) => onChoose(d.value as 'local' | 'server')}
            aria-label={t('conflicts:table.keepWhich', { field: fieldName })}
          >
            <Radio value="local" label={t('conflicts:table.mineShort')} data-testid={`choose-local-${line.field}`} />
            <Radio
              value="server"
              label={t('conflicts:table.theirsShort')}
              data-testid={`choose-server-${line.field}`}
            />
          </RadioGroup>
        ) : !open ? (
          <>
            <span className={styles.value}>{show(conflict.resolved?.[line.field])}</span>
            <Kept conflict={conflict} field={line.field} className={styles.kept} />
          </>
        ) : null}
      </TableCell>
    </TableRow>
  );
}

/** Which side a resolved conflict kept for one field: mine, theirs, a typed value, or automatically. */
function Kept({
  conflict,
  field,
  className,
}: {
  readonly conflict: ConflictView;
  readonly field: string;
  readonly className: string;
}) {
  const { t } = useT();
  const side = keptSide(conflict, field);
  if (!side) return null;
  return (
    <Text size={200} className={className} data-testid="kept-side" data-side={side}>
      {t(`conflicts:kept.${side}`)}
    </Text>
  );
}
