import { ifMatch } from '../api/etag';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { dealApi, type DealSchemas } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import { dealKey, type Outcome } from './api';
import { CloseDealDialog } from './CloseDealDialog';
import {
  amountOf,
  daysInStage,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  moneyBody,
  nameOf,
  partiesOf,
  type Deal,
} from './model';
import styles from './DealPage.module.css';

/** The details a person edits in place, each with how it reads and how its draft becomes a merge patch. */
type EditableField = 'title' | 'amount' | 'expectedCloseDate' | 'leadSource' | 'ownerId';
type Draft = { value: string; currency?: string };
type Patch = Partial<Record<keyof DealSchemas['DealDetails'], unknown>>;

const LABELS: Record<EditableField, string> = {
  title: 'Title',
  amount: 'Amount',
  expectedCloseDate: 'Expected close date',
  leadSource: 'Lead source',
  ownerId: 'Owner',
};

function display(deal: Deal, field: EditableField): string {
  if (field === 'amount') {
    const a = amountOf(deal);
    return a ? formatMoney(a.value, a.currency) : '';
  }
  if (field === 'expectedCloseDate') return formatDate(deal.expectedCloseDate);
  return (deal[field] as string | undefined) ?? '';
}

function draftOf(deal: Deal, field: EditableField): Draft {
  if (field === 'amount') {
    const a = amountOf(deal);
    return { value: a?.value ?? '', currency: a?.currency ?? 'EUR' };
  }
  return { value: (deal[field] as string | undefined) ?? '' };
}

function patchOf(field: EditableField, draft: Draft): Patch {
  if (field === 'amount') return { amount: draft.value.trim() ? moneyBody(draft.value, draft.currency ?? '') : null };
  const value = draft.value.trim();
  return { [field]: value === '' && field !== 'title' && field !== 'ownerId' ? null : value };
}

function checkDraft(field: EditableField, draft: Draft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (field === 'title' && !draft.value.trim()) errors.value = 'Give the deal a title.';
  if (field === 'title' && draft.value.trim().length > 200) errors.value = 'At most 200 characters.';
  if (field === 'ownerId' && !draft.value.trim()) errors.value = 'A deal needs an owner.';
  if (field === 'amount' && draft.value.trim()) {
    if (!/^\d{1,15}(\.\d{1,4})?$/.test(draft.value.trim())) errors.value = 'Enter an amount such as 12500.50.';
    if (!/^[A-Z]{3}$/.test((draft.currency ?? '').trim().toUpperCase())) errors.currency = 'Enter a code such as EUR.';
  }
  return errors;
}

interface Conflict {
  field: EditableField;
  patch: Patch;
  draft: Draft;
  base: Deal;
  server: Deal;
}

/** A deal's record: details edited in place (merge patch with If-Match), outcome, parties and stage history. */
export function DealPage() {
  const { id = '' } = useParams();
  const queries = useQueryClient();
  const deal = useQuery({
    queryKey: dealKey(id),
    queryFn: async ({ signal }) =>
      dataOrThrow(await dealApi.GET('/api/v1/deals/{id}', { params: { path: { id } }, signal })),
  });
  const history = useQuery({
    queryKey: ['stage-history', id],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await dealApi.GET('/api/v1/deals/{id}/stage-history', { params: { path: { id }, query: { limit: 200 } }, signal }),
      ).items ?? [],
  });
  const [editing, setEditing] = useState<{ field: EditableField; draft: Draft; errors: Record<string, string> } | null>(
    null,
  );
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [closing, setClosing] = useState<Outcome | null>(null);

  const save = useMutation({
    mutationFn: async ({ patch, base }: { field: EditableField; patch: Patch; draft: Draft; base: Deal }) =>
      dataOrThrow(
        await dealApi.PATCH('/api/v1/deals/{id}', {
          params: { path: { id }, header: { 'If-Match': ifMatch(base) } },
          body: patch as DealSchemas['DealDetails'],
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSuccess: (saved) => {
      queries.setQueryData(dealKey(id), saved);
      void queries.invalidateQueries({ queryKey: ['board'] });
      setEditing(null);
      setConflict(null);
    },
    onError: async (error, { field, patch, draft, base }) => {
      if (error instanceof ApiError && error.status === 412) {
        // Someone saved first: fetch what the server has now and let the person choose.
        const server = await queries.fetchQuery({
          queryKey: dealKey(id),
          queryFn: async () => dataOrThrow(await dealApi.GET('/api/v1/deals/{id}', { params: { path: { id } } })),
          staleTime: 0,
        });
        setEditing(null);
        setConflict({ field, patch, draft, base, server });
        return;
      }
      if (error instanceof ApiError && editing) {
        const form = toFormProblem(error.problem, (f) =>
          f === 'amount.currency' ? 'currency' : f === field || f.startsWith(`${field}.`) ? 'value' : null,
        );
        setEditing({ ...editing, errors: form.fields });
        setProblem(form.general);
        return;
      }
      setProblem(error.message);
    },
  });

  const reopen = useMutation({
    mutationFn: async (d: Deal) =>
      dataOrThrow(
        await dealApi.POST('/api/v1/deals/{id}/reopen', {
          params: { path: { id: d.id! }, header: { 'If-Match': ifMatch(d) } },
          body: {},
        }),
      ),
    onSuccess: (saved) => {
      queries.setQueryData(dealKey(id), saved);
      void queries.invalidateQueries({ queryKey: ['board'] });
      void queries.invalidateQueries({ queryKey: ['stage-history', id] });
    },
    onError: (e) => setProblem(e.message),
  });

  if (deal.isPending) return <p role="status">Loading deal…</p>;
  if (deal.isError) {
    const missing = deal.error instanceof ApiError && deal.error.status === 404;
    return (
      <section>
        <h1>{missing ? 'Deal not found' : 'Could not load the deal'}</h1>
        {!missing && <p className="alert">{deal.error.message}</p>}
        <Link to="/deals">Back to the board</Link>
      </section>
    );
  }
  const d = deal.data;
  const open = d.status === 'open';
  const amount = amountOf(d);
  const { company, contact, contactId } = partiesOf(d);
  const stageName = nameOf(d, d.stageId);
  const pipelineName = nameOf(d, d.pipelineId);
  const days = daysInStage(d);

  const startEdit = (field: EditableField) => {
    setProblem(null);
    setConflict(null);
    setEditing({ field, draft: draftOf(d, field), errors: {} });
  };
  const submitEdit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const errors = checkDraft(editing.field, editing.draft);
    if (Object.keys(errors).length) {
      setEditing({ ...editing, errors });
      return;
    }
    setProblem(null);
    save.mutate({ field: editing.field, patch: patchOf(editing.field, editing.draft), draft: editing.draft, base: d });
  };

  const row = (field: EditableField, children?: ReactNode) => {
    const isEditing = editing?.field === field;
    return (
      <div className={styles.row} key={field}>
        <dt id={`label-${field}`}>{LABELS[field]}</dt>
        <dd>
          {isEditing ? (
            <form className={styles.inlineForm} onSubmit={submitEdit} noValidate aria-label={`Edit ${LABELS[field]}`}>
              <EditInputs field={field} editing={editing} onChange={(draft) => setEditing({ ...editing, draft })} />
              <div className={styles.inlineActions}>
                <button type="submit" className="button primary" disabled={save.isPending}>
                  {save.isPending ? 'Saving…' : 'Save'}
                </button>
                <button type="button" className="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <div className={styles.value}>
              <span>{children ?? (display(d, field) || '—')}</span>
              {open && (
                <button
                  type="button"
                  className={styles.edit}
                  aria-label={`Edit ${LABELS[field].toLowerCase()}`}
                  onClick={() => startEdit(field)}
                >
                  Edit
                </button>
              )}
            </div>
          )}
        </dd>
      </div>
    );
  };

  return (
    <article>
      <Link to={`/deals?pipeline=${d.pipelineId}`} className={styles.back}>
        ← Deals
      </Link>
      <div className={styles.header}>
        <h1>{d.title}</h1>
        <span className={styles.status} data-status={d.status}>
          {d.status === 'won' ? 'Won' : d.status === 'lost' ? 'Lost' : 'Open'}
        </span>
        {d.rotting && open && <span className={styles.rotting}>Rotting</span>}
      </div>
      <p className={styles.subtitle}>
        {[pipelineName, stageName].filter(Boolean).join(' · ')}
        {open && days !== null ? ` · ${days} day${days === 1 ? '' : 's'} in stage` : ''}
        {amount ? ` · ${formatMoney(amount.value, amount.currency)}` : ''}
      </p>
      <div className={styles.actions}>
        {open ? (
          <>
            <button type="button" className="button primary" onClick={() => setClosing('win')}>
              Mark won
            </button>
            <button type="button" className="button" onClick={() => setClosing('lose')}>
              Mark lost
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={() => reopen.mutate(d)} disabled={reopen.isPending}>
            Reopen
          </button>
        )}
      </div>
      {!open && (
        <p className={styles.outcome} role="status">
          {d.status === 'won' ? 'Won' : 'Lost'} on {formatDateTime(d.closedAt)}
          {d.closedBy ? ` by ${d.closedBy}` : ''}
          {d.lostReason ? `. Reason: ${d.lostReason}` : ''}
          {d.closeNote ? `. Note: ${d.closeNote}` : ''}
        </p>
      )}
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          saving={save.isPending}
          onReapply={() =>
            save.mutate({ field: conflict.field, patch: conflict.patch, draft: conflict.draft, base: conflict.server })
          }
          onDiscard={() => setConflict(null)}
        />
      )}
      <div className={styles.grid}>
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className={styles.details}>
            {row('title')}
            {row('amount')}
            {row('expectedCloseDate')}
            {row('ownerId')}
            {row('leadSource')}
            <div className={styles.row}>
              <dt>Contact</dt>
              <dd>{contactId ? <Link to={`/contacts/${contactId}`}>{contact ?? 'Open contact'}</Link> : '—'}</dd>
            </div>
            <div className={styles.row}>
              <dt>Company</dt>
              <dd>{d.companyId ? <Link to={`/companies/${d.companyId}`}>{company ?? 'Open company'}</Link> : '—'}</dd>
            </div>
            <div className={styles.row}>
              <dt>Tags</dt>
              <dd>{(d.tags ?? []).join(', ') || '—'}</dd>
            </div>
            <div className={styles.row}>
              <dt>Created</dt>
              <dd>
                {formatDateTime(d.createdAt)}
                {d.createdBy ? ` by ${d.createdBy}` : ''}
              </dd>
            </div>
            <div className={styles.row}>
              <dt>Updated</dt>
              <dd>
                {formatDateTime(d.updatedAt)}
                {d.updatedBy ? ` by ${d.updatedBy}` : ''}
              </dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">Stage history</h2>
          {history.isPending ? (
            <p role="status">Loading…</p>
          ) : history.isError ? (
            <p className="alert">Could not load the stage history: {history.error.message}</p>
          ) : history.data.length === 0 ? (
            <p className="muted">No stage moves yet.</p>
          ) : (
            <ol className={styles.history}>
              {history.data.map((h, i) => (
                <li key={`${h.changedAt}-${i}`}>
                  <strong>{h.toStageName}</strong>
                  {h.fromStageName ? (
                    <span className="muted">
                      {' '}
                      from {h.fromStageName}
                      {h.timeInPreviousStageMillis !== undefined
                        ? ` after ${formatDuration(h.timeInPreviousStageMillis)}`
                        : ''}
                    </span>
                  ) : (
                    <span className="muted"> (created here)</span>
                  )}
                  <div className={styles.when}>
                    {formatDateTime(h.changedAt)}
                    {h.changedBy ? ` · ${h.changedBy}` : ''}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <CloseDealDialog
        deal={closing ? d : null}
        outcome={closing ?? 'win'}
        onOpenChange={(o) => !o && setClosing(null)}
        onClosed={() => setClosing(null)}
      />
    </article>
  );
}

function EditInputs({
  field,
  editing,
  onChange,
}: {
  field: EditableField;
  editing: { draft: Draft; errors: Record<string, string> };
  onChange(draft: Draft): void;
}) {
  const { draft, errors } = editing;
  const input = (key: 'value' | 'currency', label: string, type = 'text', extra: object = {}) => (
    <div className={styles.inlineField}>
      <label htmlFor={`edit-${field}-${key}`} className={key === 'value' && field !== 'amount' ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={`edit-${field}-${key}`}
        type={type}
        value={draft[key] ?? ''}
        autoFocus={key === 'value'}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `edit-${field}-${key}-error` : undefined}
        onChange={(e) => onChange({ ...draft, [key]: key === 'currency' ? e.target.value.toUpperCase() : e.target.value })}
        {...extra}
      />
      {errors[key] && (
        <span id={`edit-${field}-${key}-error`} className={styles.error}>
          {errors[key]}
        </span>
      )}
    </div>
  );
  if (field === 'amount') {
    return (
      <div className={styles.inlineInputs}>
        {input('value', 'Amount', 'text', { inputMode: 'decimal' })}
        {input('currency', 'Currency', 'text', { maxLength: 3, className: styles.currency })}
      </div>
    );
  }
  return input('value', LABELS[field], field === 'expectedCloseDate' ? 'date' : 'text');
}

/** 412: what changed on the server since the person started editing, their change, and the choice to re-apply it. */
function ConflictPanel({
  conflict,
  saving,
  onReapply,
  onDiscard,
}: {
  conflict: Conflict;
  saving: boolean;
  onReapply(): void;
  onDiscard(): void;
}) {
  const { base, server, field, draft } = conflict;
  const fields: EditableField[] = ['title', 'amount', 'expectedCloseDate', 'ownerId', 'leadSource'];
  const changed = fields.filter((f) => display(base, f) !== display(server, f));
  const stageMoved = base.stageId !== server.stageId;
  const mine =
    field === 'amount'
      ? draft.value
        ? formatMoney(draft.value, draft.currency ?? '')
        : '(none)'
      : field === 'expectedCloseDate'
        ? formatDate(draft.value) || '(none)'
        : draft.value || '(none)';
  return (
    <section className={`card ${styles.conflict}`} role="alert" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">This deal changed while you were editing</h2>
      <p>
        {server.updatedBy ? `${server.updatedBy} saved it` : 'It was saved'}
        {server.updatedAt ? ` at ${formatDateTime(server.updatedAt)}` : ''}. Your change was not saved.
      </p>
      <table className={styles.changes}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">You started from</th>
            <th scope="col">Now on the server</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((f) => (
            <tr key={f}>
              <th scope="row">{LABELS[f]}</th>
              <td>{display(base, f) || '—'}</td>
              <td>{display(server, f) || '—'}</td>
            </tr>
          ))}
          {stageMoved && (
            <tr>
              <th scope="row">Stage</th>
              <td>{nameOf(base, base.stageId) ?? '—'}</td>
              <td>{nameOf(server, server.stageId) ?? '—'}</td>
            </tr>
          )}
          {!changed.length && !stageMoved && (
            <tr>
              <td colSpan={3}>No visible detail changed (perhaps tags, contacts or custom fields).</td>
            </tr>
          )}
        </tbody>
      </table>
      <p>
        Your change: {LABELS[field]} → <strong>{mine}</strong>
      </p>
      <div className={styles.inlineActions}>
        <button type="button" className="button primary" onClick={onReapply} disabled={saving}>
          {saving ? 'Saving…' : 'Re-apply my change'}
        </button>
        <button type="button" className="button" onClick={onDiscard}>
          Keep the server's version
        </button>
      </div>
    </section>
  );
}
