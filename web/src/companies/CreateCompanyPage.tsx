import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem, type FormProblem } from '../api/problems';
import styles from '../contacts/CreateContactPage.module.css';
import { SIZES } from './format';

type Field = 'name' | 'domain' | 'industry' | 'size';
type Values = Record<Field, string>;

const EMPTY: Values = { name: '', domain: '', industry: '', size: '' };
const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** Checks what can be checked before asking the server; its problem details fill in the rest. */
export function validateCompany(v: Values): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!v.name.trim()) errors.name = 'Enter the company’s name.';
  else if (v.name.length > 200) errors.name = 'At most 200 characters.';
  if (v.domain.trim() && !DOMAIN.test(v.domain.trim())) errors.domain = 'Enter a domain such as northwind.example.';
  if (v.industry.length > 100) errors.industry = 'At most 100 characters.';
  return errors;
}

function fieldOf(apiField: string): Field | null {
  return (['name', 'domain', 'industry', 'size'] as const).find((f) => f === apiField) ?? null;
}

/** A new company: inline validation, and a duplicate domain (409) offers to open the existing company. */
export function CreateCompanyPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormProblem | null>(null);

  const create = useMutation({
    mutationFn: async (v: Values) =>
      dataOrThrow(
        await contactApi.POST('/api/v1/companies', {
          body: {
            name: v.name.trim(),
            domain: v.domain.trim().toLowerCase() || undefined,
            industry: v.industry.trim() || undefined,
            size: v.size || undefined,
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: ['companies'] });
      void navigate(created.id ? `/companies/${created.id}` : '/companies');
    },
    onError: (e) =>
      setServer(e instanceof ApiError ? toFormProblem(e.problem, fieldOf) : { fields: {}, general: e.message, existingId: null }),
  });

  const local = validateCompany(values);
  const errorOf = (f: Field) => (touched[f] || submitted ? local[f] : undefined) ?? server?.fields[f];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer(null);
    if (Object.keys(local).length === 0) create.mutate(values);
  };
  const set = (f: Field, value: string) => {
    setValues({ ...values, [f]: value });
    if (server?.fields[f]) setServer({ ...server, fields: { ...server.fields, [f]: '' } });
  };
  const describe = (f: Field) => (errorOf(f) ? { 'aria-invalid': true, 'aria-describedby': `${f}-error` } : {});
  const error = (f: Field) =>
    errorOf(f) && (
      <span id={`${f}-error`} className={styles.error}>
        {errorOf(f)}
      </span>
    );

  return (
    <section>
      <h1>New company</h1>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {server?.existingId && (
          <p className="alert" role="alert">
            A company with this domain already exists. <Link to={`/companies/${server.existingId}`}>Open the existing record</Link>
          </p>
        )}
        {server?.general && !server.existingId && (
          <p className="alert" role="alert">
            {server.general}
          </p>
        )}
        <div className={styles.field}>
          <label htmlFor="name">Name</label>
          <input
            id="name"
            autoComplete="organization"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            onBlur={() => setTouched({ ...touched, name: true })}
            {...describe('name')}
          />
          {error('name')}
        </div>
        <div className={styles.field}>
          <label htmlFor="domain">Domain</label>
          <input
            id="domain"
            autoComplete="off"
            placeholder="northwind.example"
            value={values.domain}
            onChange={(e) => set('domain', e.target.value)}
            onBlur={() => setTouched({ ...touched, domain: true })}
            {...describe('domain')}
          />
          {error('domain')}
        </div>
        <div className={styles.field}>
          <label htmlFor="industry">Industry</label>
          <input
            id="industry"
            value={values.industry}
            onChange={(e) => set('industry', e.target.value)}
            onBlur={() => setTouched({ ...touched, industry: true })}
            {...describe('industry')}
          />
          {error('industry')}
        </div>
        <div className={styles.field}>
          <label htmlFor="size">Size (employees)</label>
          <select id="size" value={values.size} onChange={(e) => set('size', e.target.value)} {...describe('size')}>
            <option value="">Not known</option>
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {error('size')}
        </div>
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Create company'}
          </button>
          <Link to="/companies" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
