import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useNavigate } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import styles from '../contacts/CreateContactPage.module.css';
import { SIZES } from './format';
import { allowDuplicateQuery, isPossibleDuplicate, type PossibleDuplicate } from '../duplicates/contract';
import { PossibleDuplicateAlert } from '../duplicates/PossibleDuplicateAlert';

type Field = 'name' | 'domain' | 'industry' | 'size';

const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** What can be checked before asking the server; its problem details fill in the rest. */
export const companySchema = z.object({
  name: z.string().trim().min(1, 'Enter the company’s name.').max(200, 'At most 200 characters.'),
  domain: z.string().refine((v) => !v.trim() || DOMAIN.test(v.trim()), 'Enter a domain such as northwind.example.'),
  industry: z.string().max(100, 'At most 100 characters.'),
  size: z.string(),
});
type Values = z.infer<typeof companySchema>;

const EMPTY: Values = { name: '', domain: '', industry: '', size: '' };

/** The schema's message per field; empty when the values pass. */
export function validateCompany(v: Values): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of companySchema.safeParse(v).error?.issues ?? []) errors[issue.path[0] as Field] ??= issue.message;
  return errors;
}

function fieldOf(apiField: string): Field | null {
  return (['name', 'domain', 'industry', 'size'] as const).find((f) => f === apiField) ?? null;
}

/**
 * A new company (react-hook-form with the zod schema above): inline validation, the service's problems on their
 * fields, a duplicate domain (409) offers to open the existing company, and a likely duplicate (409
 * possible-duplicate) names the candidates and offers "Create anyway".
 */
export function CreateCompanyPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [server, setServer] = useState<{ general: string | null; existingId: string | null } | null>(null);
  const [possible, setPossible] = useState<PossibleDuplicate[] | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(companySchema), mode: 'onTouched', defaultValues: EMPTY });

  const create = useMutation({
    mutationFn: async ({ values: v, allowDuplicate }: { values: Values; allowDuplicate: boolean }) =>
      dataOrThrow(
        await contactApi.POST('/api/v1/companies', {
          params: { query: allowDuplicateQuery(allowDuplicate) },
          body: {
            name: v.name.trim(),
            domain: v.domain.trim().toLowerCase() || undefined,
            industry: v.industry.trim() || undefined,
            size: v.size || undefined,
          },
          // A fresh key per attempt: "Create anyway" must not replay the first attempt's 409.
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: ['companies'] });
      void queries.invalidateQueries({ queryKey: ['duplicates', 'companies'] });
      void navigate(created.id ? `/companies/${created.id}` : '/companies');
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) {
        setServer({ general: e.message, existingId: null });
        return;
      }
      if (isPossibleDuplicate(e.problem)) {
        setPossible(e.problem.duplicates);
        return;
      }
      const problem = toFormProblem(e.problem, fieldOf);
      for (const [field, message] of Object.entries(problem.fields)) setError(field as Field, { message });
      setServer({ general: problem.general, existingId: problem.existingId });
    },
  });

  const errorOf = (f: Field) => errors[f]?.message;
  const onSubmit = handleSubmit((values) => {
    setServer(null);
    setPossible(null);
    create.mutate({ values, allowDuplicate: false });
  });
  const onCreateAnyway = handleSubmit((values) => {
    setServer(null);
    create.mutate({ values, allowDuplicate: true });
  });
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
        {possible && (
          <PossibleDuplicateAlert
            kind="companies"
            duplicates={possible}
            creating={create.isPending}
            onCreateAnyway={onCreateAnyway}
          />
        )}
        <div className={styles.field}>
          <label htmlFor="name">Name</label>
          <input
            id="name"
            autoComplete="organization"
            {...describe('name')}
            {...register('name')}
          />
          {error('name')}
        </div>
        <div className={styles.field}>
          <label htmlFor="domain">Domain</label>
          <input
            id="domain"
            autoComplete="off"
            placeholder="northwind.example"
            {...describe('domain')}
            {...register('domain')}
          />
          {error('domain')}
        </div>
        <div className={styles.field}>
          <label htmlFor="industry">Industry</label>
          <input
            id="industry"
            {...describe('industry')}
            {...register('industry')}
          />
          {error('industry')}
        </div>
        <div className={styles.field}>
          <label htmlFor="size">Size (employees)</label>
          <select id="size" {...describe('size')} {...register('size')}>
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
