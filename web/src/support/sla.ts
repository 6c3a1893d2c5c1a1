import type { ActivitySchemas } from '../api/client';

export type Ticket = ActivitySchemas['TicketView'];
export type TicketStatus = NonNullable<Ticket['status']>;
export type TicketPriority = NonNullable<Ticket['priority']>;

export type SlaTargetName = 'first response' | 'resolution';

/** One SLA target of a ticket, as the API's fields describe it. */
export interface SlaTarget {
  name: SlaTargetName;
  dueAt: string | null;
  /** When it was met (the first public reply, the resolution); null while running or when it never ran. */
  metAt: string | null;
  /** When the service recorded the breach; null while not breached. */
  breachedAt: string | null;
  /** Still counting down: not met and the ticket not resolved or closed. */
  running: boolean;
}

const DONE: readonly string[] = ['resolved', 'closed'];

export function isDone(status: Ticket['status']): boolean {
  return status !== undefined && DONE.includes(status);
}

/** The ticket's two targets: time to first response and time to resolution. */
export function slaTargets(t: Ticket): SlaTarget[] {
  const done = isDone(t.status);
  return [
    {
      name: 'first response',
      dueAt: t.firstResponseDueAt ?? null,
      metAt: t.firstRespondedAt ?? null,
      breachedAt: t.firstResponseBreachedAt ?? null,
      running: !done && !t.firstRespondedAt && !!t.firstResponseDueAt,
    },
    {
      name: 'resolution',
      dueAt: t.resolutionDueAt ?? null,
      metAt: t.resolvedAt ?? null,
      breachedAt: t.resolutionBreachedAt ?? null,
      running: !done && !!t.resolutionDueAt,
    },
  ];
}

/** The running target due soonest (the one that breaches next, or has breached), or null when none runs. */
export function nextTarget(t: Ticket): SlaTarget | null {
  let next: SlaTarget | null = null;
  for (const target of slaTargets(t)) {
    if (target.running && (!next || Date.parse(target.dueAt!) < Date.parse(next.dueAt!))) next = target;
  }
  return next;
}

/** How close a running target is to breaching. */
export type Urgency = 'breached' | 'soon' | 'ok';

/** Less than this left counts as "soon" (warning colour). */
export const SOON_MS = 60 * 60 * 1000;

export function urgencyOf(dueAt: string, now: number): Urgency {
  const left = Date.parse(dueAt) - now;
  return left <= 0 ? 'breached' : left < SOON_MS ? 'soon' : 'ok';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A compact duration: "45 min", "2 h 5 min", "3 d 4 h". Below a minute "under 1 min"; at most two units, rounded
 * down, the second one left out when it is zero or `oneUnit` is set.
 */
export function formatDuration(ms: number, oneUnit = false): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'under 1 min';
  const parts: [number, string][] =
    abs < HOUR
      ? [[Math.floor(abs / MINUTE), 'min']]
      : abs < DAY
        ? [
            [Math.floor(abs / HOUR), 'h'],
            [Math.floor((abs % HOUR) / MINUTE), 'min'],
          ]
        : [
            [Math.floor(abs / DAY), 'd'],
            [Math.floor((abs % DAY) / HOUR), 'h'],
          ];
  const shown = oneUnit ? parts.slice(0, 1) : parts.filter(([n], i) => i === 0 || n > 0);
  return shown.map(([n, unit]) => `${n} ${unit}`).join(' ');
}

/** The countdown text of a running target: "1 h 20 min left" or, past its due time, "breached 2 h ago". */
export function countdownText(dueAt: string, now: number): string {
  const left = Date.parse(dueAt) - now;
  return left > 0 ? `${formatDuration(left)} left` : `breached ${formatDuration(left, true)} ago`;
}

/**
 * A queue's order of urgency: running targets first, the one breaching soonest (or breached longest ago) on top;
 * then tickets with no running target, most recently updated first.
 */
export function byUrgency(a: Ticket, b: Ticket): number {
  const da = nextTarget(a)?.dueAt;
  const db = nextTarget(b)?.dueAt;
  if (da && db) return Date.parse(da) - Date.parse(db) || (a.number ?? 0) - (b.number ?? 0);
  if (da) return -1;
  if (db) return 1;
  return Date.parse(b.updatedAt ?? '0') - Date.parse(a.updatedAt ?? '0');
}

export const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'resolved', 'closed'];
export const UNRESOLVED: readonly TicketStatus[] = ['new', 'open', 'pending'];
export const PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

/**
 * The statuses a ticket may move to, as activity-service allows them (TicketStatus.next): new → open, pending,
 * resolved, closed; open ↔ pending; resolved → open (reopen) or closed; closed is final. The service decides; this only
 * picks which buttons to show.
 */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function label(value: string | undefined | null): string {
  return value ? value.charAt(0).toUpperCase() + value.slice(1) : '';
}

/** The button that moves a ticket to `to` from `from`: "Reopen" for resolved → open, else the status's verb. */
export function transitionLabel(from: TicketStatus, to: TicketStatus): string {
  if (to === 'open') return from === 'new' ? 'Start work (open)' : from === 'resolved' ? 'Reopen' : 'Back to open';
  if (to === 'pending') return 'Wait on customer (pending)';
  if (to === 'resolved') return 'Resolve';
  return 'Close';
}
