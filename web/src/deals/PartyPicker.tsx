import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { useDebounced } from '../components/useDebounced';
import { fullName, primaryEmail } from '../contacts/format';
import styles from './DealForm.module.css';

export interface Party {
  id: string;
  name: string;
}

interface Props {
  kind: 'contact' | 'company';
  label: string;
  value: Party | null;
  onChange(party: Party | null): void;
  error?: string;
}

/**
 * Picks a contact or a company: a search field (the API's typo-tolerant `q`, debounced) and the matches as buttons;
 * the chosen one shows with a "Change" button. Not a combobox: a list of buttons is plain to every assistive tool.
 */
export function PartyPicker({ kind, label, value, onChange, error }: Props) {
  const id = useId();
  const [q, setQ] = useState('');
  const search = useDebounced(q.trim(), 250);
  const results = useQuery({
    queryKey: [kind === 'contact' ? 'contacts' : 'companies', { q: search, picker: true }],
    enabled: !value && search.length >= 2,
    queryFn: async ({ signal }) => {
      if (kind === 'contact') {
        const page = dataOrThrow(
          await contactApi.GET('/api/v1/contacts', { params: { query: { q: search, limit: 8 } }, signal }),
        );
        return (page.items ?? []).map((c) => ({
          id: c.id!,
          name: fullName(c),
          detail: primaryEmail(c),
        }));
      }
      const page = dataOrThrow(
        await contactApi.GET('/api/v1/companies', { params: { query: { q: search, limit: 8 } }, signal }),
      );
      return (page.items ?? []).map((c) => ({ id: c.id!, name: c.name ?? '(no name)', detail: c.domain ?? '' }));
    },
  });
  const errorId = `${id}-error`;

  if (value) {
    return (
      <div className={styles.field}>
        <span className={styles.label} id={`${id}-label`}>
          {label}
        </span>
        <div className={styles.chosen}>
          <span aria-labelledby={`${id}-label`}>{value.name}</span>
          <button type="button" className="button" onClick={() => onChange(null)}>
            Change {kind}
          </button>
        </div>
        {error && (
          <span id={errorId} className={styles.error}>
            {error}
          </span>
        )}
      </div>
    );
  }
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        placeholder={kind === 'contact' ? 'Search people by name or email' : 'Search companies by name or domain'}
        value={q}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setQ(e.target.value)}
      />
      {error && (
        <span id={errorId} className={styles.error}>
          {error}
        </span>
      )}
      {search.length >= 2 && (
        <div className={styles.results} aria-live="polite">
          {results.isPending ? (
            <span className="muted">Searching…</span>
          ) : results.isError ? (
            <span className={styles.error}>Could not search: {results.error.message}</span>
          ) : results.data.length === 0 ? (
            <span className="muted">No {kind} matches “{search}”.</span>
          ) : (
            <ul aria-label={`Matching ${kind === 'contact' ? 'contacts' : 'companies'}`}>
              {results.data.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className={styles.result}
                    onClick={() => {
                      onChange({ id: r.id, name: r.name });
                      setQ('');
                    }}
                  >
                    <span>{r.name}</span>
                    {r.detail && <span className="muted">{r.detail}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
