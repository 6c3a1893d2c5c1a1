import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SupportQueuePage } from './SupportQueuePage';
import { fakeApi, json, renderAt } from '../test/render';
import type { Ticket } from './sla';

const SUPPORT_TEAM = '11111111-1111-1111-1111-111111111111';
const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

function ticket(n: number, extra: Partial<Ticket> = {}): Ticket {
  return {
    id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    number: n,
    version: 1,
    subject: `Ticket ${n}`,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    team: SUPPORT_TEAM,
    firstResponseDueAt: minutes(240),
    resolutionDueAt: minutes(2400),
    createdAt: minutes(-60),
    updatedAt: minutes(-30),
    ...extra,
  } as Ticket;
}

function api(byStatus: Record<string, Ticket[]>) {
  return fakeApi([
    [
      (url) => url.pathname === '/api/v1/teams',
      () => json(200, { items: [{ id: SUPPORT_TEAM, name: 'Support' }], next: null }),
    ],
    [
      (url) => url.pathname === '/api/v1/tickets',
      // This fake knows no priorities: a priority filter matches nothing.
      (url) =>
        json(200, {
          items: url.searchParams.has('priority') ? [] : (byStatus[url.searchParams.get('status') ?? '*'] ?? []),
          next: null,
        }),
    ],
  ]);
}

const ticketCalls = (calls: Request[]) =>
  calls.map((r) => new URL(r.url)).filter((u) => u.pathname === '/api/v1/tickets');

afterEach(() => vi.unstubAllGlobals());

describe('SupportQueuePage', () => {
  it('lists unresolved tickets (new, open, pending) most urgent first, with SLA countdowns', async () => {
    const fake = api({
      new: [ticket(1, { status: 'new', firstResponseDueAt: minutes(300) })],
      open: [ticket(2, { firstResponseDueAt: minutes(-125) })],
      pending: [ticket(3, { status: 'pending', firstRespondedAt: minutes(-100), resolutionDueAt: minutes(30) })],
    });
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<SupportQueuePage />, '/support');

    await screen.findByRole('link', { name: 'Ticket 2' });
    const calls = ticketCalls(fake.calls);
    expect(calls.map((u) => u.searchParams.get('status')).sort()).toEqual(['new', 'open', 'pending']);
    expect(calls.every((u) => u.searchParams.get('sort') === 'resolutionDue')).toBe(true);

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual(['Ticket 2', 'Ticket 3', 'Ticket 1']);
    const breached = within(rows[0]!).getByText(/breached 2 h ago/);
    expect(breached.className).toMatch(/breached/);
    expect(within(rows[1]!).getByText(/min left/).className).toMatch(/soon/);
    expect(within(rows[0]!).getByText('Support')).toBeTruthy();
  });

  it('filters by status, priority, team, assignee and breach through the API', async () => {
    const fake = api({ resolved: [ticket(4, { status: 'resolved', resolvedAt: minutes(-5) })] });
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<SupportQueuePage />, '/support');
    await screen.findByText('No unresolved tickets: the queue is clear.');
    await screen.findByRole('option', { name: 'Support' });

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'resolved');
    const row = (await screen.findByRole('link', { name: 'Ticket 4' })).closest('tr')!;
    // A resolved ticket has no running target.
    expect(within(row).getByText('—')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Priority'), 'high');
    await user.selectOptions(screen.getByLabelText('Team'), 'Support');
    await user.click(screen.getByLabelText('Assigned to me'));
    await user.click(screen.getByLabelText('SLA breached'));

    await waitFor(() => {
      const last = ticketCalls(fake.calls).at(-1)!.searchParams;
      expect(Object.fromEntries(last)).toMatchObject({
        status: 'resolved',
        priority: 'high',
        team: SUPPORT_TEAM,
        assignee: 'sales',
        breached: 'true',
      });
    });
    expect(await screen.findByText('No ticket matches these filters.')).toBeTruthy();
    expect(screen.getByLabelText('Status')).toHaveProperty('value', 'resolved');
  });

  it('says why when the queue cannot load', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          (url) => url.pathname === '/api/v1/tickets',
          () => json(503, { title: 'Service Unavailable', status: 503, detail: 'activity-service is down' }, 'application/problem+json'),
        ],
      ]).fetchImpl,
    );
    renderAt(<SupportQueuePage />, '/support');
    expect((await screen.findByRole('alert')).textContent).toContain('activity-service is down');
  });
});
