import { ifMatch } from '../api/etag';
import { useId, useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { activityApi, contactApi, type ActivitySchemas } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { fullName } from '../contacts/format';
import { PriorityBadge, StatusBadge } from './badges';
import { TargetCountdown } from './SlaCountdown';
import {
  formatDuration,
  label,
  slaTargets,
  type SlaTarget,
  type Ticket,
  type TicketStatus,
  TRANSITIONS,
  transitionLabel,
} from './sla';
import { formatDateTime, teamName, useTeams } from './tickets';
import { useNow } from './useNow';
import styles from './TicketPage.module.css';

type Message = ActivitySchemas['TicketMessage'];
type StatusChange = ActivitySchemas['StatusChange'];
type Visibility = NonNullable<Message['visibility']>;

const MESSAGE_PAGE = 100;

/**
 * A ticket: subject, customer, status, priority and SLA; the conversation, where public replies and internal notes
 * look unlike each other; a composer with distinct "Reply" and "Internal note" modes; status changes along the
 * service's transitions (a refused one shows the service's reason).
 */
export function TicketPage() {
  const { id = '' } = useParams();
  const now = useNow();
  const teams = useTeams();
  const ticket = useQuery({
    queryKey: ['ticket', id],
    queryFn: async ({ signal }) =>
      dataOrThrow(await activityApi.GET('/api/v1/tickets/{id}', { params: { path: { id } }, signal })),
  });
  const t = ticket.data;
  const contactId = t?.requesterContactId;
  const contact = useQuery({
    queryKey: ['contact', contactId],
    enabled: !!contactId && !t?.redacted,
    queryFn: async ({ signal }) =>
      dataOrThrow(await contactApi.GET('/api/v1/contacts/{id}', { params: { path: { id: contactId! } }, signal })),
  });
  const companyId = t?.companyId;
  const company = useQuery({
    queryKey: ['company', companyId],
    enabled: !!companyId,
    queryFn: async ({ signal }) =>
      dataOrThrow(await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id: companyId! } }, signal })),
  });

  if (ticket.isPending) return <p role="status">Loading ticket…</p>;
  if (ticket.isError) {
    const missing = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <section>
        <h1>{missing ? 'Ticket not found' : 'Could not load the ticket'}</h1>
        {!missing && <p className="alert">{ticket.error.message}</p>}
        <Link to="/support">Back to the queue</Link>
      </section>
    );
  }
  const customer = t!.redacted
    ? 'Requester erased'
    : contact.data
      ? fullName(contact.data)
      : contact.isError
        ? 'Unknown contact'
        : '…';

  return (
    <article className={styles.page}>
      <div className={styles.top}>
        <Link to="/support" className={styles.back}>
          ← Support
        </Link>
        <h1 className={styles.title}>
          <span className={styles.number}>#{t!.number}</span> {t!.subject || '(no subject)'}
        </h1>
      </div>
      <aside className={`card ${styles.details}`} aria-labelledby="ticket-details">
        <h2 id="ticket-details">Details</h2>
        <dl className={styles.facts}>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={t!.status} />
          </dd>
          <dt>Priority</dt>
          <dd>
            <PriorityBadge priority={t!.priority} />
          </dd>
          <dt>Customer</dt>
          <dd>
            {contactId && !t!.redacted ? <Link to={`/contacts/${contactId}`}>{customer}</Link> : customer}
            {company.data?.name ? <span className="muted"> at {company.data.name}</span> : null}
          </dd>
          <dt>Channel</dt>
          <dd>{label(t!.channel) || '—'}</dd>
          <dt>Assignee</dt>
          <dd>{t!.assignee || 'Unassigned'}</dd>
          <dt>Team</dt>
          <dd>{teamName(teams.data, t!.team) || '—'}</dd>
          <dt>Opened</dt>
          <dd>{formatDateTime(t!.createdAt)}</dd>
        </dl>
        <h3 className={styles.subheading}>SLA</h3>
        <dl className={styles.facts}>
          {slaTargets(t!).map((target) => (
            <SlaFact key={target.name} target={target} now={now} />
          ))}
        </dl>
        <StatusActions ticket={t!} />
      </aside>
      <div className={styles.conversationColumn}>
        <Conversation ticket={t!} customer={customer} />
        <Composer ticket={t!} />
      </div>
    </article>
  );
}

function SlaFact({ target, now }: { target: SlaTarget; now: number }) {
  const name = target.name === 'first response' ? 'First response' : 'Resolution';
  let value;
  if (target.running) {
    value = <TargetCountdown target={target} now={now} />;
  } else if (target.metAt) {
    const late = target.breachedAt || (target.dueAt && Date.parse(target.metAt) > Date.parse(target.dueAt));
    value = (
      <span className={late ? styles.late : styles.met}>
        {late
          ? `Met late, ${formatDuration(Date.parse(target.metAt) - Date.parse(target.dueAt!), true)} after its due time`
          : `Met ${formatDateTime(target.metAt)}`}
      </span>
    );
  } else {
    value = <span className="muted">{target.breachedAt ? `Breached ${formatDateTime(target.breachedAt)}` : 'Not running'}</span>;
  }
  return (
    <>
      <dt>{name}</dt>
      <dd>
        {value}
        {target.dueAt && target.running && <div className="muted">due {formatDateTime(target.dueAt)}</div>}
      </dd>
    </>
  );
}

/** The buttons of the statuses this one may move to; the service has the last word (its refusal is shown). */
function StatusActions({ ticket }: { ticket: Ticket }) {
  const queries = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: async (status: TicketStatus) =>
      dataOrThrow(
        await activityApi.POST('/api/v1/tickets/{id}/status', {
          params: { path: { id: ticket.id! }, header: { 'If-Match': ifMatch(ticket) } },
          body: { status },
        }),
      ),
    onMutate: () => setProblem(null),
    onSuccess: (updated) => {
      queries.setQueryData(['ticket', ticket.id], updated);
      void queries.invalidateQueries({ queryKey: ['ticket-history', ticket.id] });
      void queries.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 412) {
        setProblem('Someone changed this ticket since you opened it. It has been reloaded: check it and try again.');
        void queries.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      } else {
        setProblem(e.message);
      }
    },
  });
  const next = TRANSITIONS[ticket.status ?? 'closed'];
  return (
    <div className={styles.statusActions}>
      <h3 className={styles.subheading}>Change status</h3>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {next.length === 0 ? (
        <p className="muted">Closed tickets are final; open a follow-up ticket.</p>
      ) : (
        <div className={styles.buttons}>
          {next.map((status) => (
            <button
              key={status}
              type="button"
              className={`button${status === 'resolved' ? ' primary' : ''}`}
              disabled={move.isPending}
              onClick={() => move.mutate(status)}
            >
              {transitionLabel(ticket.status!, status)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

type Entry =
  | { kind: 'message'; at: string; message: Message }
  | { kind: 'status'; at: string; change: StatusChange };

function Conversation({ ticket, customer }: { ticket: Ticket; customer: string }) {
  const messages = useInfiniteQuery({
    queryKey: ['ticket-messages', ticket.id],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/tickets/{id}/messages', {
          params: { path: { id: ticket.id! }, query: { limit: MESSAGE_PAGE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const history = useQuery({
    queryKey: ['ticket-history', ticket.id],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/tickets/{id}/status-history', {
          params: { path: { id: ticket.id! }, query: { limit: 200 } },
          signal,
        }),
      ),
  });
  const entries: Entry[] = [
    ...(messages.data?.pages.flatMap((p) => p.items ?? []) ?? []).map(
      (message): Entry => ({ kind: 'message', at: message.createdAt ?? '', message }),
    ),
    // The first change (to new) is the opening itself, shown as the request.
    ...(history.data?.items ?? [])
      .filter((change) => change.from)
      .map((change): Entry => ({ kind: 'status', at: change.changedAt ?? '', change })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return (
    <section aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Conversation</h2>
      <ol className={styles.conversation}>
        <li className={`${styles.message} ${styles.request}`}>
          <div className={styles.messageHeader}>
            <span className={styles.kind}>Request from {customer}</span>
            <span className="muted">{formatDateTime(ticket.createdAt)}</span>
          </div>
          <p className={styles.body}>{ticket.description || <span className="muted">No description.</span>}</p>
        </li>
        {entries.map((entry) =>
          entry.kind === 'message' ? (
            <MessageItem key={entry.message.id} message={entry.message} />
          ) : (
            <li key={entry.change.id} className={styles.statusChange}>
              {entry.change.changedBy} changed the status from {label(entry.change.from)} to{' '}
              <strong>{label(entry.change.to)}</strong> · {formatDateTime(entry.change.changedAt)}
            </li>
          ),
        )}
      </ol>
      {messages.isError && (
        <p className="alert" role="alert">
          Could not load the conversation: {messages.error.message}
        </p>
      )}
      {messages.isPending && <p role="status">Loading the conversation…</p>}
      {messages.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={messages.isFetchingNextPage}
          onClick={() => void messages.fetchNextPage()}
        >
          Show newer messages
        </button>
      )}
    </section>
  );
}

function MessageItem({ message }: { message: Message }) {
  const internal = message.visibility === 'internal';
  return (
    <li className={`${styles.message} ${internal ? styles.internal : styles.public}`} data-visibility={message.visibility}>
      <div className={styles.messageHeader}>
        <span className={styles.kind}>{internal ? 'Internal — not sent to the customer' : 'Public reply'}</span>
        <span>
          <strong>{message.author}</strong> <span className={styles.time}>{formatDateTime(message.createdAt)}</span>
        </span>
      </div>
      <p className={styles.body}>{message.body ?? <span className="muted">(erased)</span>}</p>
    </li>
  );
}

/** The composer: "Reply" goes to the customer, "Internal note" stays with the team; each mode looks different. */
export function Composer({ ticket }: { ticket: Ticket }) {
  const queries = useQueryClient();
  const [mode, setMode] = useState<Visibility>('public');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const textId = useId();
  const send = useMutation({
    mutationFn: async (reply: { visibility: Visibility; body: string }) =>
      dataOrThrow(await activityApi.POST('/api/v1/tickets/{id}/replies', { params: { path: { id: ticket.id! } }, body: reply })),
    onMutate: () => {
      setProblem(null);
      setSent(null);
    },
    onSuccess: (message) => {
      setBody('');
      setSent(message.visibility === 'internal' ? 'Internal note added.' : 'Reply sent to the customer.');
      void queries.invalidateQueries({ queryKey: ['ticket-messages', ticket.id] });
      void queries.invalidateQueries({ queryKey: ['ticket', ticket.id] });
      void queries.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (e) => setProblem(e.message),
  });
  const internal = mode === 'internal';
  if (ticket.status === 'closed') {
    return <p className="muted">This ticket is closed and takes no more replies.</p>;
  }
  return (
    <form
      className={`${styles.composer} ${internal ? styles.composerInternal : styles.composerPublic}`}
      aria-label={internal ? 'Compose an internal note' : 'Compose a reply'}
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) {
          setProblem(internal ? 'Write the note first.' : 'Write the reply first.');
          return;
        }
        send.mutate({ visibility: mode, body: body.trim() });
      }}
    >
      <div className={styles.modes} role="radiogroup" aria-label="Composer mode">
        <label className={styles.mode}>
          <input type="radio" name={`mode-${textId}`} checked={!internal} onChange={() => {
              setMode('public');
              setSent(null);
            }} />
          Reply
        </label>
        <label className={styles.mode}>
          <input type="radio" name={`mode-${textId}`} checked={internal} onChange={() => {
              setMode('internal');
              setSent(null);
            }} />
          Internal note
        </label>
      </div>
      <label htmlFor={textId} className={styles.composerLabel}>
        {internal ? 'Internal note — not sent to the customer' : 'Reply to the customer'}
      </label>
      <textarea
        id={textId}
        className={styles.textarea}
        rows={4}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        aria-invalid={problem ? true : undefined}
      />
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <div className={styles.composerFooter}>
        <span role="status" className="muted">
          {sent}
        </span>
        <button type="submit" className={`button${internal ? '' : ' primary'}`} disabled={send.isPending}>
          {send.isPending ? 'Sending…' : internal ? 'Add internal note' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
