import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MyDayPage } from './MyDayPage';
import { fakeApi, json, renderAt } from '../test/render';

const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const id = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

function task(n: number, title: string, dueMinutes: number) {
  return { id: id(n), version: 2, title, status: 'open', priority: n === 1 ? 'high' : 'normal', assignee: 'sales', dueAt: minutes(dueMinutes) };
}

const empty = () => json(200, { items: [], next: null });

function fullApi() {
  let tasks: Record<string, ReturnType<typeof task>[]> = {
    overdue: [task(1, 'Send the phase 2 proposal to Nancy', -20 * 60)],
    today: [task(2, 'Prepare the pilot price sheet', 180)],
    upcoming: [task(3, 'Renewal check-in with Tailspin', 7 * 24 * 60)],
  };
  const fake = fakeApi([
    [
      (url) => url.pathname === '/api/v1/tasks',
      (url) => json(200, { items: tasks[url.searchParams.get('view')!] ?? [], next: null }),
    ],
    [
      (url, r) => url.pathname.endsWith('/complete') && r.method === 'POST',
      (url) => {
        const done = Object.values(tasks).flat().find((t) => url.pathname.includes(t.id))!;
        tasks = Object.fromEntries(Object.entries(tasks).map(([k, v]) => [k, v.filter((t) => t !== done)]));
        return json(200, { ...done, status: 'done', version: 3 });
      },
    ],
    [
      (url) => url.pathname === '/api/v1/deals',
      (url) =>
        json(200, {
          items:
            url.searchParams.get('rotting') === 'true'
              ? [
                  {
                    id: id(10),
                    title: 'Northwind: warehouse robots, phase 2',
                    rotting: true,
                    stageId: id(11),
                    names: { [id(11)]: 'Proposal' },
                    stageEnteredAt: minutes(-20 * 24 * 60),
                    amount: { value: 120000, currency: 'EUR' },
                  },
                ]
              : [{ id: id(12), title: 'Contoso: lab automation pilot', rotting: false, expectedCloseDate: '2026-01-15' }],
          next: null,
        }),
    ],
    [
      (url) => url.pathname === '/api/v1/tickets',
      (url) =>
        json(200, {
          items:
            url.searchParams.get('status') === 'open'
              ? [
                  { id: id(20), number: 7, subject: 'Robot arm stops', status: 'open', priority: 'high', firstResponseDueAt: minutes(-130), resolutionDueAt: minutes(600) },
                  { id: id(21), number: 8, subject: 'Far away', status: 'open', priority: 'low', firstRespondedAt: minutes(-5), firstResponseDueAt: minutes(60), resolutionDueAt: minutes(5 * 24 * 60) },
                ]
              : [],
          next: null,
        }),
    ],
    [
      (url) => url.pathname === '/api/v1/notifications',
      () =>
        json(200, {
          items: [{ id: id(30), type: 'ticket-sla-warning', title: 'Ticket #7 is close to its SLA', createdAt: minutes(-3), link: { type: 'ticket', id: id(20) } }],
          next: null,
        }),
    ],
  ]);
  return fake;
}

afterEach(() => vi.unstubAllGlobals());

describe('MyDayPage', () => {
  it('shows my tasks by due time, deals needing attention, tickets near a breach and unread notifications', async () => {
    const fake = fullApi();
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<MyDayPage />, '/my-day');

    const tasks = screen.getByRole('region', { name: 'My tasks' });
    expect(await within(tasks).findByRole('checkbox', { name: /Send the phase 2 proposal to Nancy/ })).toBeTruthy();
    expect(within(within(tasks).getByRole('list', { name: /^Due today/ })).getByText('Prepare the pilot price sheet')).toBeTruthy();
    expect(within(within(tasks).getByRole('list', { name: /^Upcoming/ })).getByText('Renewal check-in with Tailspin')).toBeTruthy();
    const views = fake.calls.map((r) => new URL(r.url)).filter((u) => u.pathname === '/api/v1/tasks');
    expect(views.map((u) => u.searchParams.get('view')).sort()).toEqual(['overdue', 'today', 'upcoming']);
    expect(views.every((u) => u.searchParams.get('timezone'))).toBe(true);

    const deals = screen.getByRole('region', { name: /Deals that need attention/ });
    expect(await within(deals).findByText(/Rotting: in “Proposal”/)).toBeTruthy();
    expect(within(deals).getByText('Expected to close 2026-01-15')).toBeTruthy();
    const dealCalls = fake.calls.map((r) => new URL(r.url)).filter((u) => u.pathname === '/api/v1/deals');
    expect(dealCalls.every((u) => u.searchParams.get('ownerId') === 'sales' && u.searchParams.get('status') === 'open')).toBe(true);

    const tickets = screen.getByRole('region', { name: /Tickets close to an SLA breach/ });
    expect(await within(tickets).findByRole('link', { name: '#7 Robot arm stops' })).toBeTruthy();
    expect(within(tickets).getByText(/breached 2 h ago/)).toBeTruthy();
    expect(within(tickets).queryByText(/Far away/)).toBeNull();

    const inbox = screen.getByRole('region', { name: /Unread notifications/ });
    expect(await within(inbox).findByRole('link', { name: 'Ticket #7 is close to its SLA' })).toHaveProperty(
      'href',
      expect.stringContaining(`/support/${id(20)}`),
    );
  });

  it('completes a task with its checkbox, sending the version it saw', async () => {
    const fake = fullApi();
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<MyDayPage />, '/my-day');

    await userEvent.click(await screen.findByRole('checkbox', { name: /Prepare the pilot price sheet/ }));
    expect((await screen.findByText(/Completed “Prepare the pilot price sheet”/)).textContent).toContain('Undo');
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: /Prepare the pilot price sheet/ })).toBeNull());
    expect(screen.getByText('Nothing else due today.')).toBeTruthy();
    const complete = fake.calls.find((r) => r.url.endsWith('/complete'))!;
    expect(complete.headers.get('If-Match')).toBe('"2"');
  });

  it('says so in each section when there is nothing', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([[(url) => url.pathname.startsWith('/api/v1/'), empty]]).fetchImpl,
    );
    renderAt(<MyDayPage />, '/my-day');
    for (const text of [
      'Nothing overdue.',
      'Nothing else due today.',
      'Nothing upcoming.',
      'No rotting or stalled deals.',
      'No ticket of yours is close to an SLA breach.',
      'No unread notifications.',
    ]) {
      expect(await screen.findByText(text)).toBeTruthy();
    }
  });

  it('shows a failing section’s problem without hiding the others', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          (url) => url.pathname === '/api/v1/deals',
          () => json(503, { title: 'Service Unavailable', status: 503, detail: 'deal-service is restarting' }, 'application/problem+json'),
        ],
        [(url) => url.pathname.startsWith('/api/v1/'), empty],
      ]).fetchImpl,
    );
    renderAt(<MyDayPage />, '/my-day');
    expect((await screen.findByRole('alert')).textContent).toContain('deal-service is restarting');
    expect(await screen.findByText('No unread notifications.')).toBeTruthy();
  });
});
