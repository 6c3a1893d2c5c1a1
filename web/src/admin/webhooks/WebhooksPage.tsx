import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { notificationApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import listStyles from '../../components/ListPage.module.css';
import { DataTable } from '../kit/DataTable';
import { formatWhen } from '../kit/format';
import styles from '../kit/admin.module.css';
import { StateBadge } from './StateBadge';
import { keys, subscriptionName, subscriptionState, type Subscription } from './webhooks';

const column = createColumnHelper<Subscription>();
const columns = [
  column.accessor((s) => subscriptionName(s), {
    id: 'name',
    header: 'Subscription',
    cell: (info) => (
      <>
        <Link className={styles.name} to={`/admin/webhooks/${info.row.original.id}`}>
          {info.getValue()}
        </Link>
        <div className={`${styles.mono} muted`}>{info.row.original.url}</div>
      </>
    ),
  }),
  column.accessor((s) => (s.eventTypes ?? []).join(', '), {
    id: 'events',
    header: 'Events',
    meta: { optional: true },
    cell: (info) => <span className={styles.mono}>{info.getValue()}</span>,
  }),
  column.accessor((s) => subscriptionState(s), {
    id: 'state',
    header: 'State',
    cell: (info) => <StateBadge {...info.getValue()} />,
  }),
  column.accessor((s) => formatWhen(s.createdAt), { id: 'created', header: 'Created', meta: { optional: true } }),
];

/** Webhook subscriptions: where each sends, which events, whether it is active, paused or disabled. */
export function WebhooksPage() {
  const subscriptions = useQuery({
    queryKey: keys.list,
    queryFn: async ({ signal }) => dataOrThrow(await notificationApi.GET('/api/v1/webhooks/subscriptions', { signal })),
  });
  const rows = subscriptions.data ?? [];
  return (
    <section>
      <div className={listStyles.toolbar}>
        <h1>Webhooks</h1>
        <Link to="/admin/webhooks/new" className="button primary">
          New subscription
        </Link>
      </div>
      <p className="muted">
        Each subscription receives the events it chose as signed HTTP POSTs (Standard Webhooks), retried for up to 72
        hours. See docs/webhooks.md for verifying them.
      </p>
      {subscriptions.isError ? (
        <p className="alert" role="alert">
          Could not load the subscriptions: {subscriptions.error.message}
        </p>
      ) : subscriptions.isPending ? (
        <p role="status">Loading subscriptions…</p>
      ) : rows.length === 0 ? (
        <p role="status">No subscriptions yet.</p>
      ) : (
        <DataTable rows={rows} columns={columns} getRowId={(s, i) => s.id ?? String(i)} caption="Webhook subscriptions" />
      )}
    </section>
  );
}
