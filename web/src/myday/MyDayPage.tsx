import { ifMatch } from '../api/etag';
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { activityApi, dealApi, notificationApi, type ActivitySchemas, type DealSchemas } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { useSession } from '../auth/AuthContext';
import { SlaCountdown } from '../support/SlaCountdown';
import { label, nextTarget, type Ticket, UNRESOLVED } from '../support/sla';
import { formatDateTime } from '../support/tickets';
import { useNow } from '../support/useNow';
import { linkTo } from '../inbox/links';
import styles from './MyDayPage.module.css';

type Task = ActivitySchemas['TaskView'];
type Deal = DealSchemas['DealResponse'];
type TaskView = 'overdue' | 'today' | 'upcoming';

/** A ticket is "close to a breach" when its next running SLA target is due within this, or already breached. */
export const NEAR_BREACH_MS = 24 * 60 * 60 * 1000;
const LIMIT = 50;

function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * My day: the signed-in person's overdue, due-today and upcoming tasks (complete with a checkbox), their open deals
 * that are rotting or past their expected close date, their tickets close to an SLA breach, and unread notifications.
 * Each section says so when it has nothing.
 */
export function MyDayPage() {
  const session = useSession();
  const me = session.user.profile.sub;
  return (
    <section>
      <h1>My day</h1>
      <div className={styles.grid}>
        <Tasks />
        <div className={styles.column}>
          <Deals me={me} />
          <Tickets me={me} />
          <Notifications />
        </div>
      </div>
    </section>
  );
}

function Section({ id, title, children, count }: { id: string; title: string; children: ReactNode; count?: number }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {count !== undefined && count > 0 && <span className={styles.count}> ({count})</span>}
      </h2>
      {children}
    </section>
  );
}

/** A section's list while it loads or when it failed (each section says its own "nothing here"). */
function ListState({ query, what }: { query: { isPending: boolean; isError: boolean; error: Error | null }; what: string }) {
  if (query.isPending) return <p className="muted">Loading {what}…</p>;
  if (query.isError)
    return (
      <p className="alert" role="alert">
        Could not load {what}: {query.error?.message}
      </p>
    );
  return null;
}

const TASK_VIEWS: { view: TaskView; title: string; empty: string }[] = [
  { view: 'overdue', title: 'Overdue', empty: 'Nothing overdue.' },
  { view: 'today', title: 'Due today', empty: 'Nothing else due today.' },
  { view: 'upcoming', title: 'Upcoming', empty: 'Nothing upcoming.' },
];

function Tasks() {
  const queries = useQueryClient();
  const [done, setDone] = useState<Task | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const complete = useMutation({
    mutationFn: async (task: Task) =>
      dataOrThrow(
        await activityApi.POST('/api/v1/tasks/{id}/complete', {
          params: { path: { id: task.id! }, header: { 'If-Match': ifMatch(task) } },
        }),
      ),
    onMutate: () => setProblem(null),
    onSuccess: (task) => setDone(task),
    onError: (e) => setProblem(`Could not complete the task: ${e.message}`),
    onSettled: () => queries.invalidateQueries({ queryKey: ['my-tasks'] }),
  });
  const reopen = useMutation({
    mutationFn: async (task: Task) =>
      dataOrThrow(
        await activityApi.POST('/api/v1/tasks/{id}/reopen', {
          params: { path: { id: task.id! }, header: { 'If-Match': ifMatch(task) } },
        }),
      ),
    onSuccess: () => setDone(null),
    onError: (e) => setProblem(`Could not reopen the task: ${e.message}`),
    onSettled: () => queries.invalidateQueries({ queryKey: ['my-tasks'] }),
  });
  return (
    <Section id="my-tasks" title="My tasks">
      <div role="status" className={styles.notice}>
        {done && (
          <>
            Completed “{done.title}”.{' '}
            <button type="button" className={styles.linkButton} onClick={() => reopen.mutate(done)} disabled={reopen.isPending}>
              Undo
            </button>
          </>
        )}
      </div>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {TASK_VIEWS.map((v) => (
        <TaskGroup
          key={v.view}
          {...v}
          completing={complete.isPending ? complete.variables?.id : undefined}
          onComplete={(task) => complete.mutate(task)}
        />
      ))}
    </Section>
  );
}

function TaskGroup({
  view,
  title,
  empty,
  completing,
  onComplete,
}: {
  view: TaskView;
  title: string;
  empty: string;
  completing: string | undefined;
  onComplete: (task: Task) => void;
}) {
  const tasks = useQuery({
    queryKey: ['my-tasks', view],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/tasks', {
          params: { query: { view, timezone: timeZone(), limit: LIMIT } },
          signal,
        }),
      ),
  });
  const items = tasks.data?.items ?? [];
  const headingId = `tasks-${view}`;
  return (
    <div className={styles.group}>
      <h3 id={headingId} className={`${styles.groupTitle} ${view === 'overdue' && items.length ? styles.overdue : ''}`}>
        {title}
        {items.length > 0 && <span className={styles.count}> ({items.length}{tasks.data?.next ? '+' : ''})</span>}
      </h3>
      <ListState query={tasks} what="tasks" />
      {tasks.isSuccess && !items.length && <p className={`muted ${styles.empty}`}>{empty}</p>}
      {items.length > 0 && (
        <ul className={styles.list} aria-labelledby={headingId}>
          {items.map((task) => (
            <li key={task.id} className={styles.task}>
              <label className={styles.taskLabel}>
                <input
                  type="checkbox"
                  checked={completing === task.id}
                  disabled={completing === task.id}
                  onChange={() => onComplete(task)}
                />
                <span className={styles.taskText}>
                  <span className={styles.taskTitle}>{task.title}</span>
                  <span className={view === 'overdue' ? styles.overdueText : 'muted'}>
                    {task.dueAt ? `Due ${formatDateTime(task.dueAt)}` : 'No due time'}
                    {task.priority === 'high' || task.priority === 'urgent' ? ` · ${label(task.priority)} priority` : ''}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function yesterday(): string {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function formatMoney(amount: Deal['amount']): string {
  if (!amount) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: amount.currency }).format(amount.value);
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

/** My open deals that are rotting (too long in their stage) or stalled (past their expected close date). */
function Deals({ me }: { me: string }) {
  const deals = useQuery({
    queryKey: ['my-deals', me],
    queryFn: async ({ signal }) => {
      const [rotting, late] = await Promise.all([
        dealApi.GET('/api/v1/deals', {
          params: { query: { ownerId: me, status: 'open', rotting: true, sort: 'stageEntered', limit: LIMIT } },
          signal,
        }),
        dealApi.GET('/api/v1/deals', {
          params: { query: { ownerId: me, status: 'open', closeTo: yesterday(), sort: 'closeDate', limit: LIMIT } },
          signal,
        }),
      ]);
      const byId = new Map<string, Deal>();
      for (const deal of [...(dataOrThrow(rotting).items ?? []), ...(dataOrThrow(late).items ?? [])]) {
        if (deal.id && !byId.has(deal.id)) byId.set(deal.id, deal);
      }
      return [...byId.values()];
    },
  });
  const items = deals.data ?? [];
  return (
    <Section id="my-deals" title="Deals that need attention" count={items.length}>
      <p className={`muted ${styles.intro}`}>Your open deals rotting in their stage or past their expected close date.</p>
      <ListState query={deals} what="deals" />
      {deals.isSuccess && !items.length && (
        <p className={`muted ${styles.empty}`}>No rotting or stalled deals.</p>
      )}
      {items.length > 0 && (
        <ul className={styles.list}>
          {items.map((deal) => {
            const stage = deal.stageId ? deal.names?.[deal.stageId] : undefined;
            const late = deal.expectedCloseDate && deal.expectedCloseDate <= yesterday();
            return (
              <li key={deal.id} className={styles.item}>
                <Link to={`/deals/${deal.id}`} className={styles.itemTitle}>
                  {deal.title}
                </Link>
                <span className="muted">
                  {[formatMoney(deal.amount), stage].filter(Boolean).join(' · ')}
                </span>
                <span className={styles.reasons}>
                  {deal.rotting && (
                    <span className={styles.warn}>
                      Rotting: in {stage ? `“${stage}”` : 'its stage'} since {formatDateTime(deal.stageEnteredAt)}
                    </span>
                  )}
                  {late && <span className={styles.warn}>Expected to close {deal.expectedCloseDate}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

/** My unresolved tickets whose next SLA target is due within a day or already breached, most urgent first. */
function Tickets({ me }: { me: string }) {
  const now = useNow();
  const tickets = useQuery({
    queryKey: ['tickets', 'mine', me],
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        UNRESOLVED.map(async (status) =>
          dataOrThrow(
            await activityApi.GET('/api/v1/tickets', {
              params: { query: { assignee: me, status, sort: 'resolutionDue', limit: LIMIT } },
              signal,
            }),
          ),
        ),
      );
      return pages.flatMap((p) => p.items ?? []);
    },
  });
  const near: Ticket[] = (tickets.data ?? [])
    .filter((t) => {
      const target = nextTarget(t);
      return target && Date.parse(target.dueAt!) - now < NEAR_BREACH_MS;
    })
    .sort((a, b) => Date.parse(nextTarget(a)!.dueAt!) - Date.parse(nextTarget(b)!.dueAt!));
  return (
    <Section id="my-tickets" title="Tickets close to an SLA breach" count={near.length}>
      <p className={`muted ${styles.intro}`}>Your unresolved tickets due within 24 hours or already breached.</p>
      <ListState query={tickets} what="tickets" />
      {tickets.isSuccess && !near.length && (
        <p className={`muted ${styles.empty}`}>No ticket of yours is close to an SLA breach.</p>
      )}
      {near.length > 0 && (
        <ul className={styles.list}>
          {near.map((t) => (
            <li key={t.id} className={styles.item}>
              <Link to={`/support/${t.id}`} className={styles.itemTitle}>
                #{t.number} {t.subject}
              </Link>
              <span>
                <SlaCountdown ticket={t} now={now} /> <span className="muted">· {label(t.status)} · {label(t.priority)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Notifications() {
  const queries = useQueryClient();
  const notifications = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await notificationApi.GET('/api/v1/notifications', { params: { query: { unread: true, limit: LIMIT } }, signal }),
      ),
  });
  const read = useMutation({
    mutationFn: async (id: string) =>
      dataOrThrow(await notificationApi.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = notifications.data?.items ?? [];
  return (
    <Section id="my-notifications" title="Unread notifications" count={items.length}>
      <ListState query={notifications} what="notifications" />
      {notifications.isSuccess && !items.length && (
        <p className={`muted ${styles.empty}`}>No unread notifications.</p>
      )}
      {read.isError && (
        <p className="alert" role="alert">
          Could not mark it read: {read.error.message}
        </p>
      )}
      {items.length > 0 && (
        <ul className={styles.list}>
          {items.map((n) => {
            const to = linkTo(n);
            return (
              <li key={n.id} className={styles.notification}>
                <span className={styles.notificationText}>
                  {to ? (
                    <Link to={to} className={styles.itemTitle}>
                      {n.title}
                    </Link>
                  ) : (
                    <span className={styles.itemTitle}>{n.title}</span>
                  )}
                  {n.body && <span>{n.body}</span>}
                  <span className="muted">{formatDateTime(n.createdAt)}</span>
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={read.isPending && read.variables === n.id}
                  onClick={() => read.mutate(n.id!)}
                >
                  Mark read<span className="visually-hidden">: {n.title}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
