import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { PartyPicker } from '../deals/PartyPicker';
import { LIFECYCLE_STAGES } from '../contacts/format';
import { stageLabel } from '../contacts/format';
import type { ListConfig, ListState } from './listState';
import styles from './ListControls.module.css';

interface Props {
  config: ListConfig;
  state: ListState;
  onChange(patch: Partial<ListState>): void;
  /** The search field's placeholder. */
  placeholder: string;
}

/** Search, the filters the list's API takes (stage, tag, company, created range) and the sort. */
export function FilterBar({ config, state, onChange, placeholder }: Props) {
  const id = useId();
  const noun = config.recordType;
  const searching = config.recordType === 'contacts' && !!state.q.trim();
  const invalidRange = !!state.from && !!state.to && state.to < state.from;
  return (
    <div className={styles.bar} role="search" aria-label={`Filter ${noun}`}>
      <div className={styles.field} style={{ flexBasis: '16rem' }}>
        <label htmlFor={`${id}-q`}>Search {noun}</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={placeholder}
          autoComplete="off"
          value={state.q}
          onChange={(e) => onChange({ q: e.target.value })}
        />
      </div>
      {config.contactFilters && (
        <div className={styles.field}>
          <label htmlFor={`${id}-stage`}>Lifecycle stage</label>
          <select id={`${id}-stage`} value={state.stage} onChange={(e) => onChange({ stage: e.target.value })}>
            <option value="">Any stage</option>
            {LIFECYCLE_STAGES.map((s) => (
              <option key={s} value={s}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={styles.field}>
        <label htmlFor={`${id}-tag`}>Tag</label>
        <input
          id={`${id}-tag`}
          autoComplete="off"
          placeholder="Any tag"
          value={state.tag}
          onChange={(e) => onChange({ tag: e.target.value })}
        />
      </div>
      {config.contactFilters && (
        <div className={styles.company}>
          <CompanyFilter value={state.company} onChange={(company) => onChange({ company })} />
        </div>
      )}
      <div className={styles.dates}>
        <div className={styles.field}>
          <label htmlFor={`${id}-from`}>Created from</label>
          <input
            id={`${id}-from`}
            type="date"
            value={state.from}
            max={state.to || undefined}
            onChange={(e) => onChange({ from: e.target.value })}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-to`}>Created to</label>
          <input
            id={`${id}-to`}
            type="date"
            value={state.to}
            min={state.from || undefined}
            aria-invalid={invalidRange || undefined}
            aria-describedby={invalidRange ? `${id}-range` : undefined}
            onChange={(e) => onChange({ to: e.target.value })}
          />
        </div>
      </div>
      <div className={`${styles.field} ${styles.sort}`}>
        <label htmlFor={`${id}-sort`}>Sort {noun}</label>
        <select
          id={`${id}-sort`}
          value={searching ? '' : state.sort}
          disabled={searching}
          onChange={(e) => onChange({ sort: e.target.value })}
        >
          {searching && <option value="">Best match</option>}
          {config.sorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {invalidRange && (
        <p id={`${id}-range`} className={styles.error} role="alert">
          “Created to” is before “Created from”: nothing can match.
        </p>
      )}
    </div>
  );
}

/** The company filter: a search for a company; a company from the URL shows by name. */
function CompanyFilter({ value, onChange }: { value: string; onChange(id: string): void }) {
  const company = useQuery({
    queryKey: ['company', value, 'name'],
    enabled: !!value,
    queryFn: async ({ signal }) =>
      dataOrThrow(await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id: value } }, signal })),
  });
  const chosen = value ? { id: value, name: company.data?.name ?? (company.isError ? 'Unknown company' : '…') } : null;
  return (
    <PartyPicker kind="company" label="Company" value={chosen} onChange={(party) => onChange(party?.id ?? '')} />
  );
}
