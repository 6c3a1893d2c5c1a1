import { describe, expect, it } from 'vitest';
import { byUrgency, countdownText, formatDuration, nextTarget, slaTargets, type Ticket, urgencyOf } from './sla';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function ticket(extra: Partial<Ticket>): Ticket {
  return {
    id: 't',
    number: 1,
    status: 'open',
    priority: 'normal',
    firstResponseDueAt: at(60),
    resolutionDueAt: at(600),
    updatedAt: at(-10),
    ...extra,
  } as Ticket;
}

describe('SLA countdown formatting', () => {
  it('formats durations compactly, two units at most', () => {
    expect(formatDuration(30_000)).toBe('under 1 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('3 d 4 h');
    expect(formatDuration(-(2 * 3_600_000 + 10 * 60_000), true)).toBe('2 h');
  });

  it('counts down to the due time, and says how long ago a breach was', () => {
    expect(countdownText(at(80), NOW)).toBe('1 h 20 min left');
    expect(countdownText(at(-130), NOW)).toBe('breached 2 h ago');
    expect(countdownText(at(-5), NOW)).toBe('breached 5 min ago');
    expect(countdownText(at(-3 * 24 * 60 - 90), NOW)).toBe('breached 3 d ago');
  });

  it('grades urgency: breached at or past due, soon within the hour', () => {
    expect(urgencyOf(at(-1), NOW)).toBe('breached');
    expect(urgencyOf(at(0), NOW)).toBe('breached');
    expect(urgencyOf(at(59), NOW)).toBe('soon');
    expect(urgencyOf(at(61), NOW)).toBe('ok');
  });
});

describe('SLA targets', () => {
  it('runs the first response until the first public reply, then the resolution', () => {
    expect(nextTarget(ticket({}))?.name).toBe('first response');
    const answered = ticket({ firstRespondedAt: at(-5) });
    expect(nextTarget(answered)?.name).toBe('resolution');
    expect(slaTargets(answered)[0]).toMatchObject({ running: false, metAt: at(-5) });
  });

  it('runs nothing once resolved or closed', () => {
    expect(nextTarget(ticket({ status: 'resolved', resolvedAt: at(-1) }))).toBeNull();
    expect(nextTarget(ticket({ status: 'closed' }))).toBeNull();
  });

  it('orders a queue by the target that breaches soonest, resolved tickets last', () => {
    const breached = ticket({ id: 'breached', firstResponseDueAt: at(-120) });
    const soon = ticket({ id: 'soon', firstResponseDueAt: at(30) });
    const later = ticket({ id: 'later', firstRespondedAt: at(-60), resolutionDueAt: at(300) });
    const done = ticket({ id: 'done', status: 'resolved', resolvedAt: at(-1), firstResponseDueAt: at(-500) });
    expect([done, later, soon, breached].sort(byUrgency).map((t) => t.id)).toEqual(['breached', 'soon', 'later', 'done']);
  });
});
