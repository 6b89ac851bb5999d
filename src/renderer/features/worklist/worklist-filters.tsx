import {
  Button,
  Combobox,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  SearchBox,
  ToggleButton,
  Tooltip,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { WorklistFilter } from '../../../shared/ipc/schemas/worklist.js';
import { useApi } from '../../api/api-context.js';
import { useResult } from '../../api/use-result.js';
import { useT } from '../../state/i18n/use-t.js';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '8px 12px' },
  // The placeholder whole in French, Portuguese and the pseudo-locale (40 % longer than English).
  search: { width: '420px', maxWidth: '100%' },
  // "Tous les districts", "Todos os monitores" on one line (at 150 px they took two).
  pick: { minWidth: '130px', width: '184px' },
  date: { width: '132px' },
  toggles: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
});

const TOGGLES = ['followUpDue', 'hasPhotos', 'hasConflict', 'unsynced'] as const;

export interface WorklistFiltersProps {
  readonly filter: WorklistFilter;
  readonly onChange: (filter: WorklistFilter) => void;
  /** The search box, focused by Ctrl+F. */
  readonly searchRef: RefObject<HTMLInputElement | null>;
}

/** Excel-like filters that combine: free text, district, school, monitor, dates and yes/no markers. */
export function WorklistFilters({ filter, onChange, searchRef }: WorklistFiltersProps) {
  const styles = useStyles();
  const api = useApi();
  const { t, format } = useT();
  const set = (patch: Partial<WorklistFilter>) => {
    const next: Record<string, unknown> = { ...filter, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    onChange(next as WorklistFilter);
  };

  // Typing waits a moment so each keystroke is not a query.
  const [text, setText] = useState(filter.text ?? '');
  // The words this box last applied: when the filter comes back with them, the officer may have typed
  // on meanwhile (a slow PC), so the box keeps its text; any other words (Clear, a saved view) replace it.
  const applied = useRef(filter.text ?? '');
  useEffect(() => {
    if ((filter.text ?? '') !== applied.current) setText(filter.text ?? '');
    applied.current = filter.text ?? '';
  }, [filter.text]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text restarts the wait.
  useEffect(() => {
    if ((filter.text ?? '') === text.trim()) return;
    const timer = setTimeout(() => {
      applied.current = text.trim();
      set({ text: text.trim() || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  const facets = useResult(() => api.worklist.facets({ districtId: filter.districtId }), [filter.districtId]);
  const [schoolText, setSchoolText] = useState('');
  const schools = useResult(
    () => api.graph.schools({ districtId: filter.districtId, search: schoolText.trim() || undefined, limit: 30 }),
    [filter.districtId, schoolText],
  );
  const schoolName = schools.data?.items.find((s) => s.id === filter.schoolId)?.name;
  const districts = facets.data?.districts ?? [];
  const districtName = districts.find((d) => d.id === filter.districtId)?.name ?? '';
  const active = Object.keys(filter).length > 0;

  return (
    <search className={styles.bar} aria-label={t('worklist:filters.label')}>
      <Field label={t('worklist:filters.search')}>
        <SearchBox
          className={styles.search}
          input={{ ref: searchRef }}
          placeholder={t('worklist:filters.searchPlaceholder')}
          value={text}
          onChange={(_, d) => setText(d.value)}
          data-testid="worklist-search"
        />
      </Field>
      <Field label={t('worklist:column.district')}>
        <Dropdown
          className={styles.pick}
          value={districtName || t('worklist:filters.anyDistrict')}
          selectedOptions={filter.districtId ? [filter.districtId] : ['']}
          onOptionSelect={(_, d) =>
            set({ districtId: d.optionValue || undefined, schoolId: undefined, monitor: undefined })
          }
          data-testid="filter-district"
        >
          <Option value="">{t('worklist:filters.anyDistrict')}</Option>
          {districts.map((d) => (
            <Option key={d.id} value={d.id}>
              {d.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('worklist:column.school')}>
        <Combobox
          className={styles.pick}
          freeform
          placeholder={t('worklist:filters.anySchool')}
          value={schoolText || schoolName || ''}
          selectedOptions={filter.schoolId ? [filter.schoolId] : []}
          onChange={(event) => setSchoolText(event.target.value)}
          onOptionSelect={(_, d) => {
            setSchoolText('');
            set({ schoolId: d.optionValue || undefined });
          }}
          data-testid="filter-school"
        >
          <Option value="">{t('worklist:filters.anySchool')}</Option>
          {(schools.data?.items ?? []).map((s) => (
            <Option key={s.id} value={s.id}>
              {s.name}
            </Option>
          ))}
        </Combobox>
      </Field>
      <Field label={t('worklist:column.monitor')}>
        <Dropdown
          className={styles.pick}
          value={filter.monitor ?? t('worklist:filters.anyMonitor')}
          selectedOptions={[filter.monitor ?? '']}
          onOptionSelect={(_, d) => set({ monitor: d.optionValue || undefined })}
          data-testid="filter-monitor"
        >
          <Option value="">{t('worklist:filters.anyMonitor')}</Option>
          {(facets.data?.monitors ?? []).map((m) => (
            <Option key={m} value={m}>
              {m}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('worklist:filters.dateFrom')}>
        <Input
          className={styles.date}
          type="date"
          // The browser's date field and picker follow the app's language, not the browser's.
          lang={format.locale}
          value={filter.dateFrom ?? ''}
          max={filter.dateTo}
          onChange={(_, d) => set({ dateFrom: d.value || undefined })}
          data-testid="filter-date-from"
        />
      </Field>
      <Field label={t('worklist:filters.dateTo')}>
        <Input
          className={styles.date}
          type="date"
          lang={format.locale}
          value={filter.dateTo ?? ''}
          min={filter.dateFrom}
          onChange={(_, d) => set({ dateTo: d.value || undefined })}
          data-testid="filter-date-to"
        />
      </Field>
      <div className={styles.toggles}>
        {TOGGLES.map((key) => (
          <ToggleButton
            key={key}
            size="small"
            shape="circular"
            checked={filter[key] === true}
            onClick={() => set({ [key]: filter[key] ? undefined : true })}
            data-testid={`filter-${key}`}
          >
            {t(`worklist:filters.toggle.${key}`)}
          </ToggleButton>
        ))}
        {active ? (
          <Tooltip content={t('worklist:filters.clearHint')} relationship="description">
            <Button
              size="small"
              appearance="subtle"
              icon={<DismissRegular />}
              onClick={() => onChange({})}
              data-testid="filter-clear"
            >
              {t('worklist:filters.clear')}
            </Button>
          </Tooltip>
        ) : null}
      </div>
    </search>
  );
}
