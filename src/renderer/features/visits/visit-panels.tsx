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
  Text,
  tokens,
} from '@fluentui/react-components';
import { entityGraph } from '../../../shared/entity-graph.js';
import type { GraphNode, RecordView, VisitGraph } from '../../../shared/ipc/schemas/graph.js';
import { formatValue, humanize } from '../../components/format.js';
import { RecordMarkers } from '../../components/record-markers.js';

const useStyles = makeStyles({
  assessment: { borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, padding: '8px 0' },
  head: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  form: { marginBottom: '16px' },
  answers: { wordBreak: 'break-all', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const childrenOf = (graph: VisitGraph, parentId: string, entity: string) =>
  graph.nodes.filter((n) => n.parentId === parentId && n.entity === entity);

const markers = (r: RecordView) => <RecordMarkers pending={r.localState === 'pending'} conflicted={r.conflicted} />;

/** Lesson observations, with the observed teacher's name from the visit's references. */
export function TeacherVisitsPanel({ graph }: { readonly graph: VisitGraph }) {
  const teachers = new Map(graph.references.filter((r) => r.entity === 'teacher').map((t) => [t.id, t]));
  const rows = childrenOf(graph, graph.visit.id, 'teacherVisit');
  if (rows.length === 0) return <Caption1>No lesson observations in this visit.</Caption1>;
  return (
    <Table size="small" aria-label="Lesson observations" data-testid="teacher-visits">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Teacher</TableHeaderCell>
          <TableHeaderCell>Subject</TableHeaderCell>
          <TableHeaderCell>Grade</TableHeaderCell>
          <TableHeaderCell>Lesson observed</TableHeaderCell>
          <TableHeaderCell>Score</TableHeaderCell>
          <TableHeaderCell>Notes</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((tv) => {
          const teacher = teachers.get(String(tv.fields.teacherId));
          return (
            <TableRow key={tv.id}>
              <TableCell>
                {teacher ? `${formatValue(teacher.fields.firstName)} ${formatValue(teacher.fields.lastName)}` : '—'}{' '}
                {markers(tv)}
              </TableCell>
              <TableCell>{formatValue(tv.fields.subject)}</TableCell>
              <TableCell>{formatValue(tv.fields.grade)}</TableCell>
              <TableCell>{formatValue(tv.fields.lessonObserved)}</TableCell>
              <TableCell>{formatValue(tv.fields.score)}</TableCell>
              <TableCell>{formatValue(tv.fields.notes)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** Each pupil's assessment with its section answers and result. */
export function AssessmentsPanel({ graph }: { readonly graph: VisitGraph }) {
  const styles = useStyles();
  const assessments = childrenOf(graph, graph.visit.id, 'pupilAssessment');
  if (assessments.length === 0) return <Caption1>No pupil assessments in this visit.</Caption1>;
  return (
    <div data-testid="assessments">
      {assessments.map((a) => {
        const result = childrenOf(graph, a.id, 'assessmentResult')[0];
        const sections = childrenOf(graph, a.id, 'sectionAnswer');
        return (
          <div key={a.id} className={styles.assessment} data-testid="assessment">
            <div className={styles.head}>
              <Subtitle2>Pupil {a.title}</Subtitle2>
              <Caption1>
                Grade {formatValue(a.fields.grade)} · {humanize(String(a.fields.gender))} · age{' '}
                {formatValue(a.fields.age)} · {formatValue(a.fields.language)} · {formatValue(a.fields.durationSeconds)}{' '}
                s
              </Caption1>
              {result ? (
                <Badge appearance="filled" color="brand" data-testid="assessment-result">
                  Total {formatValue(result.fields.total)} · {humanize(String(result.fields.benchmarkBand))}
                </Badge>
              ) : (
                <Badge appearance="outline">No result</Badge>
              )}
              {markers(a)}
            </div>
            {sections.length > 0 ? (
              <Table size="extra-small" aria-label={`Sections of pupil ${a.title}`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Section</TableHeaderCell>
                    <TableHeaderCell>Correct</TableHeaderCell>
                    <TableHeaderCell>Attempted</TableHeaderCell>
                    <TableHeaderCell>Seconds</TableHeaderCell>
                    <TableHeaderCell>Answers</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {sections.map((s) => (
                    <TableRow key={s.id}>
                      <TableCell>
                        {humanize(String(s.fields.section))} {markers(s)}
                      </TableCell>
                      <TableCell>{formatValue(s.fields.correct)}</TableCell>
                      <TableCell>{formatValue(s.fields.attempted)}</TableCell>
                      <TableCell>{formatValue(s.fields.seconds)}</TableCell>
                      <TableCell className={styles.answers}>{formatValue(s.fields.answers)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </div>
        );
      })}
    </div>
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
  const answers = childrenOf(graph, graph.visit.id, 'monitoringAnswer');
  if (answers.length === 0) return <Caption1>No monitoring answers in this visit.</Caption1>;
  const forms = graph.references.filter((r) => r.entity === 'projectForm');
  const byForm = new Map<string, GraphNode[]>();
  for (const a of answers)
    byForm.set(String(a.fields.projectFormId), [...(byForm.get(String(a.fields.projectFormId)) ?? []), a]);
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
              {form ? `${form.title} (version ${formatValue(form.fields.formVersion)})` : 'Unknown form'}
            </Subtitle2>
            <Table size="small" aria-label="Monitoring answers">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Question</TableHeaderCell>
                  <TableHeaderCell>Answer</TableHeaderCell>
                  <TableHeaderCell>Comment</TableHeaderCell>
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
                          <Text className={styles.muted}>{String(a?.fields.questionKey)} (not in form)</Text>
                        )}
                      </TableCell>
                      <TableCell>
                        {a ? answerText(q, a.fields.value) : <Text className={styles.muted}>Not answered</Text>}{' '}
                        {a ? markers(a) : null}
                      </TableCell>
                      <TableCell>{formatValue(a?.fields.comment)}</TableCell>
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

/** A yes/no answer as Yes or No; anything else as typed. */
function answerText(question: Question | null, value: unknown): string {
  if (question?.type === 'yes_no' && (value === 'yes' || value === 'no')) return value === 'yes' ? 'Yes' : 'No';
  return formatValue(value);
}

/** Any other record type under the visit (photos, and types added later), field by field. */
export function GenericPanel({ graph, entity }: { readonly graph: VisitGraph; readonly entity: string }) {
  const rows = graph.nodes.filter((n) => n.entity === entity);
  const def = entityGraph.byName.get(entity);
  const fields = def ? Object.keys(def.fields).filter((f) => !def.refs.some((r) => r.field === f)) : [];
  if (rows.length === 0) return <Caption1>None in this visit.</Caption1>;
  return (
    <Table size="small" aria-label={def?.label ?? entity} data-testid={`panel-${entity}`}>
      <TableHeader>
        <TableRow>
          {fields.map((f) => (
            <TableHeaderCell key={f}>{humanize(f)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            {fields.map((f) => (
              <TableCell key={f}>{formatValue(r.fields[f])}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
