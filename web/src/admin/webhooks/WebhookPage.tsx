import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { notificationApi } from '../../api/client';
import { ifMatch } from '../../api/etag';
import { ApiError, dataOrThrow } from '../../api/problems';
import { DataTable } from '../kit/DataTable';
import { ConfirmDialog } from '../kit/Dialog';
import { applyProblem, messageOf } from '../kit/formProblem';
import { formatWhen, relative } from '../kit/format';
import styles from '../kit/admin.module.css';
import { SecretPanel } from './SecretPanel';
import { StateBadge } from './StateBadge';
import { formValuesOf, SubscriptionFields } from './SubscriptionFields';
import {
  deliveryState,
  eventTypesOf,
  keys,
  subscriptionFieldOf,
  subscriptionName,
  subscriptionSchema,
  subscriptionState,
  type Delivery,
  type Subscription,
  type SubscriptionForm,
} from './webhooks';

/** One subscription: its settings, pause/resume, edit, rotate the secret, delete, and its delivery log. */
export function WebhookPage() {
  const { id = '' } = useParams();
  const subscription = useQuery({
    queryKey: keys.one(id),
    queryFn: async ({ signal }) =>
      dataOrThrow(await notificationApi.GET('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } }, signal })),
  });

  if (subscription.isError) {
    return (
      <section>
        <Link to="/admin/webhooks" className={styles.back}>
          ← Webhooks
        </Link>
        <h1>Webhook subscription</h1>
        <p className="alert" role="alert">
          {subscription.error instanceof ApiError && subscription.error.status === 404
            ? 'There is no such subscription (it may have been deleted).'
            : `Could not load the subscription: ${subscription.error.message}`}
        </p>
      </section>
    );
  }
  if (!subscription.data) return <p role="status">Loading subscription…</p>;
  return <SubscriptionDetails s={subscription.data} />;
}

function SubscriptionDetails({ s }: { s: Subscription }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'rotate' | 'delete' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const state = subscriptionState(s);
  const saved = (next: Subscription) => {
    queries.setQueryData(keys.one(s.id!), next);
    void queries.invalidateQueries({ queryKey: keys.list });
  };
  const failed = (e: unknown) => {
    setMessage({ ok: false, text: messageOf(e) });
    if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.one(s.id!) });
  };

  const toggle = useMutation({
    mutationFn: async (active: boolean) =>
      dataOrThrow(
        await notificationApi.PATCH('/api/v1/webhooks/subscriptions/{id}', {
          params: { path: { id: s.id! }, header: { 'If-Match': ifMatch(s) } },
          body: { active },
        }),
      ),
    onSuccess: (next, active) => {
      saved(next);
      setMessage({
        ok: true,
        text: active
          ? 'Resumed: new events are queued again, and the deliveries that were waiting go out.'
          : 'Paused: events that happen now are not queued for it; deliveries already waiting go out when you resume.',
      });
    },
    onError: failed,
  });
  const rotate = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        await notificationApi.POST('/api/v1/webhooks/subscriptions/{id}/rotate-secret', { params: { path: { id: s.id! } } }),
      ),
    onSuccess: (answer) => {
      if (answer.subscription) saved(answer.subscription);
      setDialog(null);
      setSecret(answer.secret ?? null);
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      const result = await notificationApi.DELETE('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id: s.id! } } });
      if (!result.response.ok) dataOrThrow(result);
    },
    onSuccess: () => {
      queries.removeQueries({ queryKey: keys.one(s.id!) });
      void queries.invalidateQueries({ queryKey: keys.list });
      void navigate('/admin/webhooks', { replace: true });
    },
  });

  const name = subscriptionName(s);
  return (
    <section>
      <Link to="/admin/webhooks" className={styles.back}>
        ← Webhooks
      </Link>
      <div className={styles.header}>
        <h1>{name}</h1>
        <StateBadge {...state} />
      </div>
      {secret && <SecretPanel secret={secret} rotated onDismiss={() => setSecret(null)} />}
      {message && (
        <p className={message.ok ? styles.success : 'alert'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className={styles.layout}>
        {editing ? (
          <EditSubscription
            s={s}
            onDone={(next) => {
              if (next) {
                saved(next);
                setMessage({ ok: true, text: 'Saved.' });
              }
              setEditing(false);
            }}
          />
        ) : (
          <div className="card">
            <h2>Settings</h2>
            <dl className={styles.facts}>
              <dt>URL</dt>
              <dd className={styles.mono}>{s.url}</dd>
              <dt>Events</dt>
              <dd className={styles.mono}>{(s.eventTypes ?? []).join(', ')}</dd>
              {s.filters && Object.keys(s.filters).length > 0 && (
                <>
                  <dt>Filters</dt>
                  <dd className={styles.mono}>
                    {Object.entries(s.filters)
                      .map(([k, v]) => `${k} = ${v}`)
                      .join('; ')}
                  </dd>
                </>
              )}
              <dt>Description</dt>
              <dd>{s.description || '—'}</dd>
              <dt>State</dt>
              <dd>
                {state.label}
                {s.disabledReason && ` since ${formatWhen(s.disabledAt)}: ${s.disabledReason}`}
              </dd>
              <dt>Created</dt>
              <dd>
                {formatWhen(s.createdAt)}
                {s.createdBy ? ` by ${s.createdBy}` : ''}
              </dd>
              <dt>Updated</dt>
              <dd>{formatWhen(s.updatedAt)}</dd>
              {s.previousSecretExpiresAt && (
                <>
                  <dt>Previous secret</dt>
                  <dd>signs too until {formatWhen(s.previousSecretExpiresAt)}</dd>
                </>
              )}
            </dl>
          </div>
        )}
        <div className="card">
          <h2>Actions</h2>
          <div className={styles.actions}>
            {s.active ? (
              <button type="button" className="button" disabled={toggle.isPending} onClick={() => { setMessage(null); toggle.mutate(false); }}>
                Pause
              </button>
            ) : (
              <button type="button" className="button primary" disabled={toggle.isPending} onClick={() => { setMessage(null); toggle.mutate(true); }}>
                Resume
              </button>
            )}
            {!editing && (
              <button type="button" className="button" onClick={() => { setMessage(null); setEditing(true); }}>
                Edit
              </button>
            )}
            <button type="button" className="button" onClick={() => { rotate.reset(); setDialog('rotate'); }}>
              Rotate secret…
            </button>
            <button type="button" className={`button ${styles.dangerOutline}`} onClick={() => { remove.reset(); setDialog('delete'); }}>
              Delete…
            </button>
          </div>
          <p className={styles.hint}>
            While paused, no new events are queued for it; deliveries already waiting go out on resume. Atrium
            disables a subscription itself when a delivery still fails after 72 hours; resuming turns it back on.
          </p>
        </div>
      </div>
      <Deliveries subscriptionId={s.id!} />
      <ConfirmDialog
        open={dialog === 'rotate'}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.isError ? messageOf(rotate.error) : null}
        onConfirm={() => rotate.mutate()}
        onCancel={() => setDialog(null)}
      >
        <p>A new secret is made and shown once. For 24 hours every delivery is signed with both, so the receiver can switch; then only the new one signs.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete “${name}”?`}
        confirmLabel="Delete subscription"
        danger
        pending={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onConfirm={() => remove.mutate()}
        onCancel={() => setDialog(null)}
      >
        <p>
          No more events go to <span className={styles.mono}>{s.url}</span>, and its delivery log is deleted with it.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function EditSubscription({ s, onDone }: { s: Subscription; onDone(next: Subscription | null): void }) {
  const queries = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const defaults = useMemo(() => formValuesOf(s), [s]);
  const form = useForm<SubscriptionForm>({ resolver: zodResolver(subscriptionSchema), defaultValues: defaults });
  const { reset } = form;
  useEffect(() => reset(defaults), [defaults, reset]);
  const save = useMutation({
    mutationFn: async (v: SubscriptionForm) =>
      dataOrThrow(
        await notificationApi.PATCH('/api/v1/webhooks/subscriptions/{id}', {
          params: { path: { id: s.id! }, header: { 'If-Match': ifMatch(s) } },
          // The API keeps absent fields; an empty description is sent as '' to clear it.
          body: { url: v.url.trim(), description: v.description.trim(), eventTypes: eventTypesOf(v) },
        }),
      ),
    onSuccess: (next) => onDone(next),
    onError: (e) => {
      setGeneral(applyProblem(e, form.setError, subscriptionFieldOf));
      if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.one(s.id!) });
    },
  });
  return (
    <form
      className={`card ${styles.form}`}
      noValidate
      onSubmit={form.handleSubmit((v) => {
        setGeneral(null);
        save.mutate(v);
      })}
    >
      <h2>Edit subscription</h2>
      {general && (
        <p className="alert" role="alert">
          {general}
        </p>
      )}
      <SubscriptionFields form={form} idPrefix="edit-webhook" />
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save subscription'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const STATUSES = [
  { value: '', label: 'All deliveries' },
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
  { value: 'succeeded', label: 'Succeeded' },
];

const column = createColumnHelper<Delivery>();

/** The delivery log, newest first, refreshed every few seconds while a delivery is pending. */
function Deliveries({ subscriptionId }: { subscriptionId: string }) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const log = useInfiniteQuery({
    queryKey: [...keys.deliveries(subscriptionId), status],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await notificationApi.GET('/api/v1/webhooks/subscriptions/{id}/deliveries', {
          params: { path: { id: subscriptionId }, query: { status: status || undefined, limit: 50, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items?.some((d) => d.status === 'pending')) ? 3_000 : false,
  });
  const rows = log.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const columns = [
    column.accessor((d) => d.createdAt, {
      id: 'when',
      header: 'When',
      cell: (info) => (
        <Link className={styles.name} to={`/admin/webhooks/${subscriptionId}/deliveries/${info.row.original.id}`}>
          {formatWhen(info.getValue())}
        </Link>
      ),
    }),
    column.accessor((d) => d.eventType ?? '', {
      id: 'event',
      header: 'Event',
      cell: (info) => <span className={styles.mono}>{info.getValue()}</span>,
    }),
    column.accessor((d) => deliveryState(d.status), {
      id: 'status',
      header: 'Status',
      cell: (info) => <StateBadge {...info.getValue()} />,
    }),
    column.accessor((d) => d.attempts ?? 0, { id: 'attempts', header: 'Attempts', meta: { optional: true } }),
    column.accessor((d) => d.responseCode ?? '', {
      id: 'code',
      header: 'Response',
      meta: { optional: true },
      cell: (info) => info.getValue() || (info.row.original.error ? 'no answer' : '—'),
    }),
    column.accessor((d) => (d.status === 'pending' ? d.nextAttemptAt : undefined), {
      id: 'next',
      header: 'Next attempt',
      meta: { optional: true },
      cell: (info) => (info.getValue() ? relative(info.getValue()) : '—'),
    }),
  ];
  return (
    <section className={styles.deliveries} aria-labelledby="deliveries-heading">
      <div className={styles.header}>
        <h2 id="deliveries-heading">Delivery log</h2>
        <label htmlFor="delivery-status" className="visually-hidden">
          Show deliveries
        </label>
        <select
          id="delivery-status"
          className={styles.select}
          value={status}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => void log.refetch()} disabled={log.isFetching}>
          {log.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {log.isError ? (
        <p className="alert" role="alert">
          Could not load the delivery log: {log.error.message}
        </p>
      ) : log.isPending ? (
        <p role="status">Loading deliveries…</p>
      ) : rows.length === 0 ? (
        <p role="status">{status ? `No ${status} deliveries.` : 'No deliveries yet: they appear here when a chosen event happens.'}</p>
      ) : (
        <>
          <DataTable rows={rows} columns={columns} getRowId={(d, i) => d.id ?? String(i)} caption="Deliveries, newest first" />
          <div className={styles.listFooter}>
            <span className="muted">
              {rows.length} {rows.length === 1 ? 'delivery' : 'deliveries'}
              {log.hasNextPage ? ' shown, more available' : ''}
            </span>
            {log.hasNextPage && (
              <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
