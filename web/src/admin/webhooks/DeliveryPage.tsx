import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useParams } from 'react-router';
import { notificationApi, type NotificationSchemas } from '../../api/client';
import { ApiError, dataOrThrow } from '../../api/problems';
import { DataTable } from '../kit/DataTable';
import { messageOf } from '../kit/formProblem';
import { formatWhen, relative } from '../kit/format';
import styles from '../kit/admin.module.css';
import { StateBadge } from './StateBadge';
import { deliveryState, keys } from './webhooks';

type Attempt = NotificationSchemas['AttemptView'];
const column = createColumnHelper<Attempt>();
const columns = [
  column.accessor((a) => a.number ?? 0, { id: 'number', header: '#' }),
  column.accessor((a) => formatWhen(a.at), { id: 'at', header: 'When' }),
  column.accessor((a) => a.responseCode ?? '', {
    id: 'code',
    header: 'Response',
    cell: (info) => info.getValue() || 'no answer',
  }),
  column.accessor((a) => a.latencyMs ?? 0, { id: 'latency', header: 'Time', meta: { optional: true }, cell: (i) => `${i.getValue()} ms` }),
  column.accessor((a) => a.error ?? '', { id: 'error', header: 'Error', cell: (i) => i.getValue() || '—' }),
];

/** One delivery: its status and every attempt, and "Redeliver" (again, with a fresh retry window). */
export function DeliveryPage() {
  const { id = '', deliveryId = '' } = useParams();
  const queries = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const delivery = useQuery({
    queryKey: keys.delivery(deliveryId),
    queryFn: async ({ signal }) =>
      dataOrThrow(await notificationApi.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id: deliveryId } }, signal })),
    // While it is being sent, follow it.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 2_000 : false),
  });
  const redeliver = useMutation({
    mutationFn: async () =>
      dataOrThrow(await notificationApi.POST('/api/v1/webhooks/deliveries/{id}/redeliver', { params: { path: { id: deliveryId } } })),
    onSuccess: (next) => {
      queries.setQueryData(keys.delivery(deliveryId), next);
      void queries.invalidateQueries({ queryKey: keys.deliveries(id) });
      setMessage({ ok: true, text: 'Queued for redelivery: it is sent again within moments, with a fresh retry window.' });
    },
    onError: (e) => setMessage({ ok: false, text: messageOf(e) }),
  });

  const back = (
    <Link to={`/admin/webhooks/${id}`} className={styles.back}>
      ← Subscription
    </Link>
  );
  if (delivery.isError) {
    return (
      <section>
        {back}
        <h1>Delivery</h1>
        <p className="alert" role="alert">
          {delivery.error instanceof ApiError && delivery.error.status === 404
            ? 'There is no such delivery (the log keeps finished ones for 30 to 90 days).'
            : `Could not load the delivery: ${delivery.error.message}`}
        </p>
      </section>
    );
  }
  if (!delivery.data) return <p role="status">Loading delivery…</p>;
  const d = delivery.data;
  const state = deliveryState(d.status);
  const attempts = d.attemptLog ?? [];
  return (
    <section>
      {back}
      <div className={styles.header}>
        <h1>
          Delivery of <span className={styles.mono}>{d.eventType}</span>
        </h1>
        <StateBadge {...state} />
      </div>
      {message && (
        <p className={message.ok ? styles.success : 'alert'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className={styles.layout}>
        <div className="card">
          <h2>Details</h2>
          <dl className={styles.facts}>
            <dt>Status</dt>
            <dd data-testid="delivery-status">{state.label}</dd>
            <dt>Attempts</dt>
            <dd data-testid="delivery-attempts">{d.attempts ?? 0}</dd>
            <dt>Last response</dt>
            <dd>{d.responseCode ?? (d.error ? 'no answer' : '—')}</dd>
            {d.latencyMs != null && (
              <>
                <dt>Last answer took</dt>
                <dd>{d.latencyMs} ms</dd>
              </>
            )}
            {d.error && (
              <>
                <dt>Last error</dt>
                <dd>{d.error}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>{formatWhen(d.createdAt)}</dd>
            {d.status === 'pending' && d.nextAttemptAt && (
              <>
                <dt>Next attempt</dt>
                <dd>
                  {formatWhen(d.nextAttemptAt)} ({relative(d.nextAttemptAt)})
                </dd>
              </>
            )}
            {d.completedAt && (
              <>
                <dt>Finished</dt>
                <dd>{formatWhen(d.completedAt)}</dd>
              </>
            )}
            <dt>Event id</dt>
            <dd className={styles.mono}>{d.eventId}</dd>
            {d.erasedAt && (
              <>
                <dt>Erased</dt>
                <dd>{formatWhen(d.erasedAt)}: it carried personal data that was erased, so it cannot be sent again.</dd>
              </>
            )}
          </dl>
        </div>
        <div className="card">
          <h2>Redeliver</h2>
          <p>
            Sends the same event again (same <span className={styles.mono}>webhook-id</span>, so the receiver can tell)
            whatever its status, with a fresh 72-hour retry window.
          </p>
          <button
            type="button"
            className="button primary"
            disabled={redeliver.isPending || !!d.erasedAt}
            onClick={() => {
              setMessage(null);
              redeliver.mutate();
            }}
          >
            {redeliver.isPending ? 'Redelivering…' : 'Redeliver'}
          </button>
        </div>
      </div>
      <h2 className={styles.sectionHeading}>Attempts</h2>
      {attempts.length === 0 ? (
        <p className="muted">No attempt yet.</p>
      ) : (
        <DataTable rows={attempts} columns={columns} getRowId={(a, i) => String(a.number ?? i)} caption="Attempts, in order" />
      )}
    </section>
  );
}
