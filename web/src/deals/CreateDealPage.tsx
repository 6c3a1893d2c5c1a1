import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { dealApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem, type FormProblem } from '../api/problems';
import { usePipelines } from './api';
import { COMMON_CURRENCIES, moneyBody } from './model';
import { PartyPicker, type Party } from './PartyPicker';
import styles from './DealForm.module.css';

type Field = 'title' | 'pipeline' | 'stage' | 'amount' | 'currency' | 'closeDate' | 'contact' | 'company';

export interface DealValues {
  title: string;
  pipelineId: string;
  stageId: string;
  amount: string;
  currency: string;
  closeDate: string;
  contact: Party | null;
  company: Party | null;
}

const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** What can be checked before asking the service; its problem details fill in the rest. */
export function validateDeal(v: DealValues): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!v.title.trim()) errors.title = 'Give the deal a title.';
  else if (v.title.trim().length > 200) errors.title = 'At most 200 characters.';
  if (!v.pipelineId) errors.pipeline = 'Choose a pipeline.';
  if (v.amount.trim() && !DECIMAL.test(v.amount.trim())) errors.amount = 'Enter an amount such as 12500 or 12500.50.';
  if (v.amount.trim() && !CURRENCY.test(v.currency.trim().toUpperCase()))
    errors.currency = 'Enter a currency code such as EUR.';
  return errors;
}

/** Where a field error of the API belongs on this form. */
function fieldOf(apiField: string): Field | null {
  if (apiField === 'title') return 'title';
  if (apiField === 'pipelineId') return 'pipeline';
  if (apiField === 'stageId') return 'stage';
  if (apiField === 'amount.currency') return 'currency';
  if (apiField.startsWith('amount')) return 'amount';
  if (apiField === 'expectedCloseDate') return 'closeDate';
  if (apiField === 'primaryContactId' || apiField.startsWith('contactIds')) return 'contact';
  if (apiField === 'companyId') return 'company';
  return null;
}

export function CreateDealPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [params] = useSearchParams();
  const pipelines = usePipelines();
  const [values, setValues] = useState<Omit<DealValues, 'pipelineId'> & { pipelineId: string | null }>({
    title: '',
    pipelineId: params.get('pipeline'),
    stageId: '',
    amount: '',
    currency: 'EUR',
    closeDate: '',
    contact: null,
    company: null,
  });
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormProblem | null>(null);

  const pipelineId = values.pipelineId ?? pipelines.data?.[0]?.id ?? '';
  const stages = pipelines.data?.find((p) => p.id === pipelineId)?.stages ?? [];
  const current: DealValues = { ...values, pipelineId };

  const create = useMutation({
    mutationFn: async (v: DealValues) =>
      dataOrThrow(
        await dealApi.POST('/api/v1/deals', {
          body: {
            title: v.title.trim(),
            pipelineId: v.pipelineId,
            stageId: v.stageId || undefined,
            amount: v.amount.trim() ? moneyBody(v.amount, v.currency) : undefined,
            expectedCloseDate: v.closeDate || undefined,
            primaryContactId: v.contact?.id,
            contactIds: v.contact ? [v.contact.id] : undefined,
            companyId: v.company?.id,
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (deal) => {
      void queries.invalidateQueries({ queryKey: ['board'] });
      void navigate(`/deals/${deal.id}`);
    },
    onError: (e) =>
      setServer(
        e instanceof ApiError ? toFormProblem(e.problem, fieldOf) : { fields: {}, general: e.message, existingId: null },
      ),
  });

  const local = validateDeal(current);
  const errorOf = (f: Field) => (touched[f] || submitted ? local[f] : undefined) ?? (server?.fields[f] || undefined);
  const set = (patch: Partial<typeof values>, field?: Field) => {
    setValues({ ...values, ...patch });
    if (field && server?.fields[field]) setServer({ ...server, fields: { ...server.fields, [field]: '' } });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer(null);
    if (Object.keys(local).length === 0) create.mutate(current);
  };

  const describe = (f: Field) => {
    const error = errorOf(f);
    return {
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${f}-error` : undefined,
      onBlur: () => setTouched((t) => ({ ...t, [f]: true })),
    } as const;
  };
  const errorText = (f: Field) => {
    const error = errorOf(f);
    return error ? (
      <span id={`${f}-error`} className={styles.error}>
        {error}
      </span>
    ) : null;
  };

  return (
    <section>
      <h1>New deal</h1>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {server?.general && (
          <p className="alert" role="alert">
            {server.general}
          </p>
        )}
        {pipelines.isError && (
          <p className="alert" role="alert">
            Could not load the pipelines: {pipelines.error.message}
          </p>
        )}
        <div className={styles.field}>
          <label htmlFor="title">Title</label>
          <input
            id="title"
            value={values.title}
            onChange={(e) => set({ title: e.target.value }, 'title')}
            {...describe('title')}
          />
          {errorText('title')}
        </div>
        <div className={styles.row}>
          <div className={styles.field}>
            <label htmlFor="pipeline">Pipeline</label>
            <select
              id="pipeline"
              value={pipelineId}
              onChange={(e) => set({ pipelineId: e.target.value, stageId: '' }, 'pipeline')}
              {...describe('pipeline')}
            >
              {(pipelines.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {errorText('pipeline')}
          </div>
          <div className={styles.field}>
            <label htmlFor="stage">Stage</label>
            <select id="stage" value={values.stageId} onChange={(e) => set({ stageId: e.target.value }, 'stage')} {...describe('stage')}>
              <option value="">{stages[0]?.name ? `${stages[0].name} (first stage)` : 'First stage'}</option>
              {stages.slice(1).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            {errorText('stage')}
          </div>
        </div>
        <div className={styles.row}>
          <div className={styles.field}>
            <label htmlFor="amount">Amount</label>
            <input
              id="amount"
              inputMode="decimal"
              value={values.amount}
              onChange={(e) => set({ amount: e.target.value }, 'amount')}
              {...describe('amount')}
            />
            {errorText('amount')}
          </div>
          <div className={`${styles.field} ${styles.narrow}`}>
            <label htmlFor="currency">Currency</label>
            <input
              id="currency"
              list="currencies"
              maxLength={3}
              autoCapitalize="characters"
              value={values.currency}
              onChange={(e) => set({ currency: e.target.value.toUpperCase() }, 'currency')}
              {...describe('currency')}
            />
            <datalist id="currencies">
              {COMMON_CURRENCIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            {errorText('currency')}
          </div>
        </div>
        <div className={styles.field}>
          <label htmlFor="closeDate">Expected close date</label>
          <input
            id="closeDate"
            type="date"
            value={values.closeDate}
            onChange={(e) => set({ closeDate: e.target.value }, 'closeDate')}
            {...describe('closeDate')}
          />
          {errorText('closeDate')}
        </div>
        <PartyPicker
          kind="contact"
          label="Contact"
          value={values.contact}
          onChange={(contact) => set({ contact }, 'contact')}
          error={errorOf('contact')}
        />
        <PartyPicker
          kind="company"
          label="Company"
          value={values.company}
          onChange={(company) => set({ company }, 'company')}
          error={errorOf('company')}
        />
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Create deal'}
          </button>
          <Link to="/deals" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
