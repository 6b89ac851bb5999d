import {
  Caption1,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { entityGraph } from '../../../shared/entity-graph.js';
import type { GraphNode, VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { useT } from '../../state/i18n/use-t.js';
import { childrenOf, Markers } from './graph-children.js';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  form: { marginBottom: '16px' },
});

const OBSERVATION_FIELDS = ['subject', 'grade', 'lessonObserved', 'score', 'notes'] as const;

/** Lesson observations, with the observed teacher's name from the visit's references. */
export function TeacherVisitsPanel({ graph }: { readonly graph: VisitGraph }) {
  const { t, words, show } = useT();
  const teachers = new Map(graph.references.filter((r) => r.entity === 'teacher').map((r) => [r.id, r]));
  const rows = childrenOf(graph, graph.visit.id, 'teacherVisit');
  if (rows.length === 0) return <Caption1>{t('visits:observations.none')}</Caption1>;
  return (
    <Table size="small" aria-label={words.kind('teacherVisit', 'other')} data-testid="teacher-visits">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{words.field('teacherVisit', 'teacherId')}</TableHeaderCell>
          {OBSERVATION_FIELDS.map((f) => (
            <TableHeaderCell key={f}>{words.field('teacherVisit', f)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((tv) => {
          const teacher = teachers.get(String(tv.fields.teacherId));
          return (
            <TableRow key={tv.id}>
              <TableCell>
                {teacher
                  ? t('visits:observations.teacher', {
                      first: show.value(teacher.fields.firstName),
                      last: show.value(teacher.fields.lastName),
                    })
                  : '—'}{' '}
                <Markers record={tv} />
              </TableCell>
              {OBSERVATION_FIELDS.map((f) => (
                <TableCell key={f}>{show.fieldValue('teacherVisit', f, tv.fields[f])}</TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

interface Question {
  readonly key: string;
  readonly label?: string;
  readonly type?: string;
}

/** Monitoring answers set against their project form's questions, in the form's order. */
export function MonitoringPanel({ graph }: { readonly graph: VisitGraph }) {
  const styles = useStyles();
  const { t, words, show } = useT();
  const answers = childrenOf(graph, graph.visit.id, 'monitoringAnswer');
  if (answers.length === 0) return <Caption1>{t('visits:monitoring.none')}</Caption1>;
  const forms = graph.references.filter((r) => r.entity === 'projectForm');
  const byForm = new Map<string, GraphNode[]>();
  for (const a of answers)
    byForm.set(String(a.fields.projectFormId), [...(byForm.get(String(a.fields.projectFormId)) ?? []), a]);
  /** A yes/no answer in words; anything else as the monitor typed or chose it. */
  const answerText = (question: Question | null, value: unknown): string => {
    if (question?.type === 'yes_no' && (value === 'yes' || value === 'no'))
      return value === 'yes' ? t('common:yes') : t('common:no');
    return show.value(value);
  };
  return (
    <div data-testid="monitoring">
      {[...byForm].map(([formId, formAnswers]) => {
        const form = forms.find((f) => f.id === formId);
        const questions = Array.isArray(form?.fields.questions) ? (form.fields.questions as Question[]) : [];
        const byKey = new Map(formAnswers.map((a) => [String(a.fields.questionKey), a]));
        const unknown = formAnswers.filter((a) => !questions.some((q) => q.key === a.fields.questionKey));
        return (
          <div key={formId} className={styles.form}>
            <Subtitle2>
              {form
                ? t('visits:monitoring.form', { name: form.title, version: show.value(form.fields.formVersion) })
                : t('visits:monitoring.unknownForm')}
            </Subtitle2>
            <Table size="small" aria-label={words.kind('monitoringAnswer', 'other')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{words.field('monitoringAnswer', 'questionKey')}</TableHeaderCell>
                  <TableHeaderCell>{words.field('monitoringAnswer', 'value')}</TableHeaderCell>
                  <TableHeaderCell>{words.field('monitoringAnswer', 'comment')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...questions.map((q) => ({ q, a: byKey.get(q.key) })), ...unknown.map((a) => ({ q: null, a }))].map(
                  ({ q, a }) => (
                    <TableRow key={q?.key ?? a?.id}>
                      <TableCell>
                        {q ? (
                          (q.label ?? q.key)
                        ) : (
                          <Text className={styles.muted}>
                            {t('visits:monitoring.notInForm', { key: String(a?.fields.questionKey) })}
                          </Text>
                        )}
                      </TableCell>
                      <TableCell>
                        {a ? (
                          answerText(q, a.fields.value)
                        ) : (
                          <Text className={styles.muted}>{t('visits:monitoring.notAnswered')}</Text>
                        )}{' '}
                        {a ? <Markers record={a} /> : null}
                      </TableCell>
                      <TableCell>{show.value(a?.fields.comment)}</TableCell>
                    </TableRow>
                  ),
                )}
              </TableBody>
            </Table>
          </div>
        );
      })}
    </div>
  );
}

/** Any other record type under the visit (photos, and types added later), field by field. */
export function GenericPanel({ graph, entity }: { readonly graph: VisitGraph; readonly entity: string }) {
  const { t, words, show } = useT();
  const rows = graph.nodes.filter((n) => n.entity === entity);
  const def = entityGraph.byName.get(entity);
  const fields = def ? Object.keys(def.fields).filter((f) => !def.refs.some((r) => r.field === f)) : [];
  if (rows.length === 0) return <Caption1>{t('visits:generic.none')}</Caption1>;
  return (
    <Table size="small" aria-label={words.kind(entity, 'other')} data-testid={`panel-${entity}`}>
      <TableHeader>
        <TableRow>
          {fields.map((f) => (
            <TableHeaderCell key={f}>{words.field(entity, f)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            {fields.map((f) => (
              <TableCell key={f}>{show.fieldValue(entity, f, r.fields[f])}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
