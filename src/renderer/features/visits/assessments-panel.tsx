import {
  Badge,
  Caption1,
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
import type { MessageKey } from '../../../shared/i18n/message.js';
import type { VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { useT } from '../../state/i18n/use-t.js';
import { assessmentTotals, type PupilScore, pupilScore } from './assessment-scores.js';
import { childrenOf, Markers } from './graph-children.js';

const useStyles = makeStyles({
  assessment: { borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, padding: '8px 0' },
  head: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  items: { display: 'flex', flexWrap: 'wrap', gap: '2px', maxWidth: '520px' },
  item: {
    width: '14px',
    height: '14px',
    lineHeight: '14px',
    fontSize: '10px',
    textAlign: 'center',
    borderRadius: '2px',
    // Forced colours drop backgrounds: the ✓ and ✗ still say right or wrong.
    forcedColorAdjust: 'auto',
  },
  right: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorPaletteGreenForeground2 },
  total: { fontWeight: tokens.fontWeightSemibold },
  wrong: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground2 },
});

/** Sections of the early-grade reading assessment the catalogs have words for; another is shown as named. */
const SECTION_KEYS: Readonly<Record<string, MessageKey>> = {
  letter_sounds: 'visits:assessment.section.letter_sounds',
  familiar_words: 'visits:assessment.section.familiar_words',
  invented_words: 'visits:assessment.section.invented_words',
  oral_reading: 'visits:assessment.section.oral_reading',
  comprehension: 'visits:assessment.section.comprehension',
};

/**
 * Each pupil's assessment: who, the result and level, and per section the score and every item as a
 * right (✓) or wrong (✗) mark, never the raw answer string the tablet stored.
 */
export function AssessmentsPanel({ graph }: { readonly graph: VisitGraph }) {
  const styles = useStyles();
  const { t, show, format } = useT();
  const assessments = childrenOf(graph, graph.visit.id, 'pupilAssessment');
  if (assessments.length === 0) return <Caption1>{t('visits:assessment.none')}</Caption1>;
  const scores = new Map(assessments.map((a) => [a.id, pupilScore(childrenOf(graph, a.id, 'sectionAnswer'))]));
  const totals = assessmentTotals([...scores.values()]);
  return (
    <div data-testid="assessments">
      <Subtitle2 block data-testid="assessment-totals">
        {t('visits:assessment.totals', {
          pupils: totals.pupils,
          correct: format.number(totals.correct),
          attempted: format.number(totals.attempted),
          percent: totals.ratio === null ? '—' : format.percent(totals.ratio),
        })}
      </Subtitle2>
      {assessments.map((a) => {
        const result = childrenOf(graph, a.id, 'assessmentResult')[0];
        const score = scores.get(a.id) ?? pupilScore([]);
        return (
          <div key={a.id} className={styles.assessment} data-testid="assessment">
            <div className={styles.head}>
              <Subtitle2>{t('visits:assessment.pupil', { code: a.title })}</Subtitle2>
              <Caption1>
                {t('visits:assessment.about', {
                  grade: show.value(a.fields.grade),
                  gender: show.fieldValue('pupilAssessment', 'gender', a.fields.gender),
                  age: show.value(a.fields.age),
                  language: show.value(a.fields.language),
                  duration: format.duration(Number(a.fields.durationSeconds ?? 0)),
                })}
              </Caption1>
              {result ? (
                <Badge appearance="filled" color="brand" data-testid="assessment-result">
                  {t('visits:assessment.result', {
                    total: show.value(result.fields.total),
                    level: show.fieldValue('assessmentResult', 'benchmarkBand', result.fields.benchmarkBand),
                  })}
                </Badge>
              ) : (
                <Badge appearance="outline">{t('visits:assessment.noResult')}</Badge>
              )}
              <Markers record={a} />
            </div>
            {score.sections.length > 0 ? <SectionTable pupil={String(a.title)} score={score} /> : null}
          </div>
        );
      })}
    </div>
  );
}

function SectionTable({ pupil, score }: { readonly pupil: string; readonly score: PupilScore }) {
  const styles = useStyles();
  const { t, words, format } = useT();
  const scoreText = (correct: number, attempted: number, ratio: number | null) =>
    t('visits:assessment.score', {
      correct: format.number(correct),
      attempted: format.number(attempted),
      percent: ratio === null ? '—' : format.percent(ratio),
    });
  return (
    <Table size="extra-small" aria-label={t('visits:assessment.sectionsOf', { code: pupil })}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{words.field('sectionAnswer', 'section')}</TableHeaderCell>
          <TableHeaderCell>{t('visits:assessment.scoreColumn')}</TableHeaderCell>
          <TableHeaderCell>{words.field('sectionAnswer', 'seconds')}</TableHeaderCell>
          <TableHeaderCell>{t('visits:assessment.itemsColumn')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {score.sections.map((s) => {
          const key = SECTION_KEYS[s.section];
          return (
            <TableRow key={s.id} data-testid="assessment-section">
              <TableCell>
                {key ? t(key) : s.section} <Markers record={s.node} />
              </TableCell>
              <TableCell data-testid="section-score">{scoreText(s.correct, s.attempted, s.ratio)}</TableCell>
              <TableCell>{format.duration(s.seconds)}</TableCell>
              <TableCell>
                <ItemMarks items={s.items} />
              </TableCell>
            </TableRow>
          );
        })}
        <TableRow className={styles.total} data-testid="pupil-total">
          <TableCell>{t('visits:assessment.pupilTotal')}</TableCell>
          <TableCell data-testid="pupil-score">{scoreText(score.correct, score.attempted, score.ratio)}</TableCell>
          <TableCell>{format.duration(score.sections.reduce((sum, s) => sum + s.seconds, 0))}</TableCell>
          <TableCell />
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** `1101…` as one mark per item: ✓ right, ✗ wrong; the item number and verdict in each mark's tooltip. */
function ItemMarks({ items }: { readonly items: readonly boolean[] }) {
  const styles = useStyles();
  const { t } = useT();
  if (items.length === 0) return <Caption1>{t('visits:assessment.noItems')}</Caption1>;
  const right = items.filter(Boolean).length;
  return (
    <div
      className={styles.items}
      role="img"
      aria-label={t('visits:assessment.itemsSummary', { right, wrong: items.length - right })}
      data-testid="item-marks"
    >
      {items.map((isRight, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: items are positions in a fixed answer string.
          key={i}
          className={`${styles.item} ${isRight ? styles.right : styles.wrong}`}
          title={t(isRight ? 'visits:assessment.itemRight' : 'visits:assessment.itemWrong', { number: i + 1 })}
          data-right={isRight}
        >
          {isRight ? '✓' : '✗'}
        </span>
      ))}
    </div>
  );
}
