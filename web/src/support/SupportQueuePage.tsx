import { useCallback, useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { activityApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { useSession } from '../auth/AuthContext';
import { byUrgency, label, PRIORITIES, STATUSES, type Ticket, UNRESOLVED } from './sla';
import { TicketTable } from './TicketTable';
import { useTeams } from './tickets';
import { useNow } from './useNow';
import styles from './SupportQueuePage.module.css';
import listStyles from '../components/ListPage.module.css';
import { ExportMenu } from '../exports/ExportMenu';
import type { ExportFilters } from '../exports/exports';

/** The queue's columns as the tickets export names them (the SLA column is both targets). */
export const TICKET_EXPORT_COLUMNS = ['number', 'subject', 'status', 'priority', 'firstResponseDue', 'resolutionDue', 'assignee', 'team'];

export const QUEUE_PAGE_SIZE = 100;

/** Next cursors per status stream ('*': every status); a stream without a next page is left out. */
type Cursors = Record<string, string>;

/**
 * The support queue: filtered by status, priority, team, assignee and SLA state (the tickets API's filters, kept in
 * the URL), ordered by SLA urgency — the running target that breaches soonest on top — with a live countdown per row.
 * "Unresolved" (the default) is new, open and pending: the API filters on one status, so it asks for each and merges.
 */
export function SupportQueuePage() {
  const session = useSession();
  const me = session.user.profile.sub;
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'unresolved';
  const priority = params.get('priority') ?? '';
  const team = params.get('team') ?? '';
  const mine = params.get('mine') === '1';
  const breached = params.get('breached') === '1';
  const teams = useTeams();
  const now = useNow();

  const streams = useMemo<string[]>(
    () => (status === 'unresolved' ? [...UNRESOLVED] : status === 'all' ? ['*'] : [status]),
    [status],
  );

  const tickets = useInfiniteQuery({
    queryKey: ['tickets', { streams, priority, team, mine, breached }],
    queryFn: async ({ pageParam, signal }) => {
      const wanted = pageParam ? streams.filter((s) => s in pageParam) : streams;
      const pages = await Promise.all(
        wanted.map(async (stream) => {
          const page = dataOrThrow(
            await activityApi.GET('/api/v1/tickets', {
              params: {
                query: {
                  status: stream === '*' ? undefined : stream,
                  priority: priority || undefined,
                  team: team || undefined,
                  assignee: mine ? me : undefined,
                  breached: breached || undefined,
                  sort: 'resolutionDue',
                  limit: QUEUE_PAGE_SIZE,
                  after: pageParam?.[stream],
                },
              },
              signal,
            }),
          );
          return [stream, page] as const;
        }),
      );
      const next: Cursors = {};
      for (const [stream, page] of pages) if (page.next) next[stream] = page.next;
      return { items: pages.flatMap(([, page]) => page.items ?? []), next: Object.keys(next).length ? next : null };
    },
    initialPageParam: undefined as Cursors | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = tickets;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const rows = useMemo<Ticket[]>(
    () => (tickets.data?.pages.flatMap((p) => p.items) ?? []).slice().sort(byUrgency),
    [tickets.data],
  );

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filtered = status !== 'unresolved' || priority || team || mine || breached;
  // The export takes the queue's filters; it filters on one status at a time, as the tickets API does.
  const exportFilters: ExportFilters = {
    status: streams.length === 1 && streams[0] !== '*' ? streams[0] : undefined,
    priority: priority || undefined,
    team: team || undefined,
    assignee: mine ? me : undefined,
    breached: breached ? 'true' : undefined,
    sort: 'resolutionDue',
  };

  return (
    <section>
      <div className={listStyles.toolbar}>
        <h1>Support</h1>
        <ExportMenu
          kind="tickets"
          filters={exportFilters}
          columns={TICKET_EXPORT_COLUMNS}
          unavailable={
            status === 'unresolved'
              ? 'Unresolved is three statuses and the export takes one: pick a status (or All statuses) to export.'
              : null
          }
        />
      </div>
      <form className={styles.filters} aria-label="Filter tickets" onSubmit={(e) => e.preventDefault()}>
        <label className={styles.filter}>
          <span>Status</span>
          <select value={status} onChange={(e) => set('status', e.target.value === 'unresolved' ? '' : e.target.value)}>
            <option value="unresolved">Unresolved (new, open, pending)</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
            <option value="all">All statuses</option>
          </select>
        </label>
        <label className={styles.filter}>
          <span>Priority</span>
          <select value={priority} onChange={(e) => set('priority', e.target.value)}>
            <option value="">Any priority</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {label(p)}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.filter}>
          <span>Team</span>
          <select value={team} onChange={(e) => set('team', e.target.value)}>
            <option value="">Any team</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={mine} onChange={(e) => set('mine', e.target.checked ? '1' : '')} />
          Assigned to me
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={breached} onChange={(e) => set('breached', e.target.checked ? '1' : '')} />
          SLA breached
        </label>
      </form>
      {tickets.isError ? (
        <p className="alert" role="alert">
          Could not load tickets: {tickets.error.message}
        </p>
      ) : tickets.isPending ? (
        <p role="status">Loading tickets…</p>
      ) : rows.length === 0 ? (
        <p role="status">{filtered ? 'No ticket matches these filters.' : 'No unresolved tickets: the queue is clear.'}</p>
      ) : (
        <TicketTable
          tickets={rows}
          teams={teams.data}
          now={now}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
