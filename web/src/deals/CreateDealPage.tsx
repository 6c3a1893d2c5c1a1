import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { dealApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
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

const party = z.object({ id: z.string(), name: z.string() });

/** What can be checked before asking the service; its problem details fill in the rest. */
export const dealSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the deal a title.').max(200, 'At most 200 characters.'),
    pipelineId: z.string().min(1, 'Choose a pipeline.'),
    stageId: z.string(),
    amount: z
      .string()
      .refine((v) => !v.trim() || DECIMAL.test(v.trim()), 'Enter an amount such as 12500 or 12500.50.'),
    currency: z.string(),
    closeDate: z.string(),
    contact: party.nullable(),
    company: party.nullable(),
  })
  .refine((v) => !v.amount.trim() || CURRENCY.test(v.currency.trim().toUpperCase()), {
    path: ['currency'],
    message: 'Enter a currency code such as EUR.',
  });

/** The form's field for each error key (the API's and the checks' names differ for the pipeline and stage). */
const INPUT: Record<Field, keyof DealValues> = {
  title: 'title',
  pipeline: 'pipelineId',
  stage: 'stageId',
  amount: 'amount',
  currency: 'currency',
  closeDate: 'closeDate',
  contact: 'contact',
  company: 'company',
};
const FIELD = Object.fromEntries(Object.entries(INPUT).map(([f, input]) => [input, f])) as Record<keyof DealValues, Field>;

/** The schema's message per field; empty when the values pass. */
export function validateDeal(v: DealValues): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of dealSchema.safeParse(v).error?.issues ?? []) {
    errors[FIELD[issue.path[0] as keyof DealValues]] ??= issue.message;
  }
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

/**
 * A new deal (react-hook-form with the zod schema above): fields check when left and on submit; the service's problem
 * details land on their fields (`amount.value` on Amount, and so on).
 */
export function CreateDealPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [params] = useSearchParams();
  const pipelines = usePipelines();
  const [general, setGeneral] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    clearErrors,
    getValues,
    watch,
    formState: { errors },
  } = useForm<DealValues>({
    resolver: zodResolver(dealSchema),
    mode: 'onTouched',
    defaultValues: {
      title: '',
      pipelineId: params.get('pipeline') ?? '',
      stageId: '',
      amount: '',
      currency: 'EUR',
      closeDate: '',
      contact: null,
      company: null,
    },
  });

  // The first pipeline until the person picks one (once the pipelines load).
  const firstPipeline = pipelines.data?.[0]?.id;
  useEffect(() => {
    if (firstPipeline && !getValues('pipelineId')) setValue('pipelineId', firstPipeline);
  }, [firstPipeline, getValues, setValue]);
  const pipelineId = watch('pipelineId');
  const stages = pipelines.data?.find((p) => p.id === pipelineId)?.stages ?? [];

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
    onError: (e) => {
      if (!(e instanceof ApiError)) {
        setGeneral(e.message);
        return;
      }
      const problem = toFormProblem(e.problem, fieldOf);
      for (const [field, message] of Object.entries(problem.fields)) setError(INPUT[field as Field], { message });
      setGeneral(problem.general);
    },
  });

  const errorOf = (f: Field) => errors[INPUT[f]]?.message;
  const onSubmit = handleSubmit((values) => {
    setGeneral(null);
    create.mutate(values);
  });
  const describe = (f: Field) => {
    const error = errorOf(f);
    return {
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${f}-error` : undefined,
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
  const pick = (field: 'contact' | 'company') => (value: Party | null) => {
    setValue(field, value);
    clearErrors(field);
  };

  return (
    <section>
      <h1>New deal</h1>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {general && (
          <p className="alert" role="alert">
            {general}
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
            {...describe('title')}
            {...register('title')}
          />
          {errorText('title')}
        </div>
        <div className={styles.row}>
          <div className={styles.field}>
            <label htmlFor="pipeline">Pipeline</label>
            <select
              id="pipeline"
              {...describe('pipeline')}
              {...register('pipelineId', { onChange: () => setValue('stageId', '') })}
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
            <select id="stage" {...describe('stage')} {...register('stageId')}>
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
              {...describe('amount')}
              {...register('amount')}
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
              {...describe('currency')}
              {...register('currency', {
                onChange: (e: { target: HTMLInputElement }) => setValue('currency', e.target.value.toUpperCase()),
              })}
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
            {...describe('closeDate')}
            {...register('closeDate')}
          />
          {errorText('closeDate')}
        </div>
        <PartyPicker
          kind="contact"
          label="Contact"
          value={watch('contact')}
          onChange={pick('contact')}
          error={errorOf('contact')}
        />
        <PartyPicker
          kind="company"
          label="Company"
          value={watch('company')}
          onChange={pick('company')}
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
