import { useId, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { messageOf } from '../admin/kit/formProblem';
import { noticeState } from '../components/RouteNotice';
import { loadRecord, merge } from './api';
import type { DuplicateKind } from './contract';
import {
  type DuplicateKindInfo,
  type MergeFieldInfo,
  defaultSide,
  differingFields,
  duplicateKind,
  mergeRequest,
  showValue,
  valueOf,
} from './merge';
import styles from './Duplicates.module.css';

type AnyRecord = { id?: string; version?: number };

/**
 * `/<kind>/merge?survivor=<id>&duplicate=<id>`: the two records side by side. One radio group per field that differs
 * (starting where the service would: the survivor's value, or the duplicate's when the survivor has none), what is
 * united rather than picked (emails, phones, tags, ids in other systems), which record stays (swapping keeps the
 * values picked), and Merge, which lands on the survivor's page.
 */
export function MergePage({ kind }: { kind: DuplicateKind }) {
  const info = duplicateKind(kind) as DuplicateKindInfo;
  const [params, setParams] = useSearchParams();
  const survivorId = params.get('survivor') ?? '';
  const duplicateId = params.get('duplicate') ?? '';
  const queries = useQueryClient();
  const navigate = useNavigate();
  // By field: the id of the record whose value stays (so swapping which record stays keeps the picks).
  const [picks, setPicks] = useState<Record<string, string>>({});
  const read = (id: string) => ({
    queryKey: ['merge', kind, id],
    queryFn: ({ signal }: { signal: AbortSignal }) => loadRecord(kind, id, signal),
    enabled: !!id,
    staleTime: 0,
  });
  const survivor = useQuery(read(survivorId));
  const duplicate = useQuery(read(duplicateId));
  const nameOf = info.nameOf as (r: AnyRecord) => string;

  const merging = useMutation({
    mutationFn: async () => {
      const s = survivor.data!;
      const d = duplicate.data!;
      return merge(kind, survivorId, s.etag, mergeRequest(info, s.record, d.record, picks));
    },
    onSuccess: (merged) => {
      const from = nameOf(duplicate.data!.record);
      const into = nameOf(merged.record);
      // The record page reads the survivor as merged; lists, notices and the merged-away record are read again.
      if (kind === 'contacts') queries.setQueryData(['contact', survivorId], merged);
      else queries.setQueryData(['company', survivorId, 'versioned'], merged);
      queries.removeQueries({ queryKey: [kind === 'contacts' ? 'contact' : 'company', duplicateId] });
      void queries.invalidateQueries({ queryKey: ['duplicates', kind] });
      void queries.invalidateQueries({ queryKey: [kind] });
      void navigate(info.recordPath(survivorId), { state: noticeState(`Merged “${from}” into “${into}”.`) });
    },
    onError: (error) => {
      // Someone changed one of them meanwhile: show both as they are now.
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        void survivor.refetch();
        void duplicate.refetch();
      }
    },
  });

  const back = (
    <Link to={info.duplicatesPath} className={styles.back}>
      ← Duplicate {info.many}
    </Link>
  );
  if (!survivorId || !duplicateId || survivorId === duplicateId) {
    return (
      <section className={styles.page}>
        {back}
        <h1>Merge {info.many}</h1>
        <p className="alert" role="alert">
          Pick two different {info.many} to merge, from the duplicates list or a record's “Possible duplicates”.
        </p>
      </section>
    );
  }
  const failed = survivor.error ?? duplicate.error;
  if (failed && (!survivor.data || !duplicate.data)) {
    return (
      <section className={styles.page}>
        {back}
        <h1>Merge {info.many}</h1>
        <p className="alert" role="alert">
          Could not load both {info.many}: {messageOf(failed)}
        </p>
      </section>
    );
  }
  if (!survivor.data || !duplicate.data) {
    return (
      <section className={styles.page}>
        {back}
        <h1>Merge {info.many}</h1>
        <p role="status">Loading both {info.many}…</p>
      </section>
    );
  }

  const s = survivor.data.record as AnyRecord & object;
  const d = duplicate.data.record as AnyRecord & object;
  const fields = differingFields(info, s, d);
  const united = (info.united as (a: object, b: object) => { label: string; values: string[] }[])(s, d).filter(
    (u) => u.values.length > 0,
  );
  const swap = () =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set('survivor', duplicateId);
        next.set('duplicate', survivorId);
        return next;
      },
      { replace: true },
    );
  const problem = merging.error;
  const stale = problem instanceof ApiError && (problem.status === 409 || problem.status === 412);

  return (
    <section className={styles.page}>
      {back}
      <h1>Merge {info.many}</h1>
      <fieldset className={styles.survivor}>
        <legend>Which {info.one} stays</legend>
        {[s, d].map((r) => (
          <label key={r.id} className={styles.survivorOption}>
            <input
              type="radio"
              name="survivor"
              checked={r.id === survivorId}
              onChange={() => r.id !== survivorId && swap()}
            />
            <span>
              <strong>{nameOf(r)}</strong>
              <span className="muted"> {(info.facts as (x: object) => string[])(r).join(' · ')}</span>
            </span>
          </label>
        ))}
        <p className="muted">
          The other one is merged into it and removed; its links then open the one that stays.{' '}
          <Link to={info.recordPath(survivorId)}>Open {nameOf(s)}</Link> ·{' '}
          <Link to={info.recordPath(duplicateId)}>Open {nameOf(d)}</Link>
        </p>
      </fieldset>

      <section aria-labelledby="merge-fields" className={styles.section}>
        <h2 id="merge-fields">Fields that differ</h2>
        {fields.length === 0 ? (
          <p className="muted">None: every other field is the same in both.</p>
        ) : (
          fields.map((field) => (
            <FieldChoice
              key={field.key}
              field={field}
              survivor={s}
              duplicate={d}
              survivorName={nameOf(s)}
              duplicateName={nameOf(d)}
              picked={picks[field.key] ?? (defaultSide(s, d, field.key) === 'survivor' ? s.id! : d.id!)}
              onPick={(id) => setPicks((p) => ({ ...p, [field.key]: id }))}
              render={(value) => <Value kind={kind} field={field.key} value={value} />}
            />
          ))
        )}
      </section>

      {united.length > 0 && (
        <section aria-labelledby="merge-united" className={styles.section}>
          <h2 id="merge-united">Will be kept from both</h2>
          <dl className={styles.united}>
            {united.map((u) => (
              <div key={u.label}>
                <dt>{u.label}</dt>
                <dd>{u.values.join(', ')}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {problem && (
        <p className="alert" role="alert">
          {stale
            ? `One of the two ${info.many} changed since this page read them; it now shows them as they are. Check the values and merge again.`
            : `Could not merge: ${messageOf(problem)}`}
        </p>
      )}
      <div className={styles.actions}>
        <button
          type="button"
          className="button primary"
          disabled={merging.isPending || survivor.isFetching || duplicate.isFetching}
          onClick={() => merging.mutate()}
        >
          {merging.isPending ? 'Merging…' : 'Merge'}
        </button>
        <Link to={info.duplicatesPath} className="button">
          Cancel
        </Link>
      </div>
    </section>
  );
}

function FieldChoice({
  field,
  survivor,
  duplicate,
  survivorName,
  duplicateName,
  picked,
  onPick,
  render,
}: {
  field: MergeFieldInfo;
  survivor: AnyRecord & object;
  duplicate: AnyRecord & object;
  survivorName: string;
  duplicateName: string;
  picked: string;
  onPick: (id: string) => void;
  render: (value: unknown) => ReactNode;
}) {
  const name = useId();
  return (
    <fieldset className={styles.choice}>
      <legend>{field.label}</legend>
      {[
        { record: survivor, from: `${survivorName}, which stays` },
        { record: duplicate, from: `${duplicateName}, merged into it` },
      ].map(({ record, from }) => (
        <label key={record.id} className={styles.option}>
          <input type="radio" name={name} checked={picked === record.id} onChange={() => onPick(record.id!)} />
          <span>
            {render(valueOf(record, field.key))}{' '}
            <span className={styles.from}>(from {from})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** A value as read: the company by name, the stage by label, '(empty)' for nothing. */
function Value({ kind, field, value }: { kind: DuplicateKind; field: string; value: unknown }) {
  const text = showValue(field, value);
  if (!text) return <span className="muted">(empty)</span>;
  if (kind === 'contacts' && field === 'companyId') return <CompanyName id={text} />;
  return <span className={styles.value}>{text}</span>;
}

function CompanyName({ id }: { id: string }) {
  const company = useQuery({
    queryKey: ['company', id],
    queryFn: async ({ signal }) =>
      dataOrThrow(await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal })),
  });
  return <span className={styles.value}>{company.data?.name ?? (company.isError ? id : 'Company…')}</span>;
}
