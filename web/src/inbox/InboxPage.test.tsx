import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { SessionProvider } from '../auth/AuthContext';
import { InboxPage } from './InboxPage';
import { UnreadBadge } from './UnreadBadge';
import { fakeApi, json, testSession } from '../test/render';

const id = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

interface Stored {
  id: string;
  type: string;
  title: string;
  body?: string;
  link?: { type: string; id: string };
  createdAt: string;
  readAt?: string;
}

/** notification-service's inbox over a list: unread first, then newest first, paged with a cursor (an offset). */
function inboxApi(notifications: Stored[], pageSize = 25) {
  const store = notifications.map((n) => ({ ...n }));
  const ordered = () =>
    [...store].sort((a, b) => Number(!!a.readAt) - Number(!!b.readAt) || b.createdAt.localeCompare(a.createdAt));
  const fake = fakeApi([
    [
      (url) => url.pathname === '/api/v1/notifications/unread-count',
      () => json(200, { unread: store.filter((n) => !n.readAt).length }),
    ],
    [
      (url, r) => url.pathname === '/api/v1/notifications/read-all' && r.method === 'POST',
      () => {
        const unread = store.filter((n) => !n.readAt);
        unread.forEach((n) => (n.readAt = new Date().toISOString()));
        return json(200, { marked: unread.length });
      },
    ],
    [
      (url, r) => /^\/api\/v1\/notifications\/[^/]+\/read$/.test(url.pathname) && r.method === 'POST',
      (url) => {
        const n = store.find((s) => url.pathname.includes(s.id));
        if (!n) return json(404, { status: 404, title: 'Not found' }, 'application/problem+json');
        n.readAt ??= new Date().toISOString();
        return new Response(null, { status: 204 });
      },
    ],
    [
      (url) => url.pathname === '/api/v1/notifications',
      (url) => {
        const all = ordered().filter((n) => url.searchParams.get('unread') !== 'true' || !n.readAt);
        const from = Number(url.searchParams.get('after') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? pageSize);
        const size = Math.min(limit, pageSize);
        const items = all.slice(from, from + size);
        return json(200, { items, next: from + size < all.length ? String(from + size) : null });
      },
    ],
  ]);
  return { ...fake, store };
}

const SAMPLE: Stored[] = [
  {
    id: id(1),
    type: 'task-assigned',
    title: 'Task assigned to you: Call Nancy about the pilot',
    body: 'Due 2026-12-06T17:00:00Z — from manager',
    link: { type: 'task', id: id(11) },
    createdAt: minutesAgo(5),
  },
  {
    id: id(2),
    type: 'deal-won',
    title: 'Deal won: Contoso lab automation',
    body: '12000 EUR — by manager',
    link: { type: 'deal', id: id(12) },
    createdAt: minutesAgo(90),
  },
  {
    id: id(3),
    type: 'ticket-assigned',
    title: 'Ticket #4 assigned to you: Scanner drops',
    link: { type: 'ticket', id: id(13) },
    createdAt: minutesAgo(60 * 30),
    readAt: minutesAgo(60 * 29),
  },
];

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname}</p>;
}

/** The inbox at `path`, with the navigation's badge beside it (outside the routes, as in the app's shell). */
function renderInbox(path = '/inbox') {
  return render(
    <SessionProvider session={testSession}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[path]}>
          <UnreadBadge />
          <Routes>
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/deals/:id" element={<Where />} />
            <Route path="/inbox/open/:type/:id" element={<Where />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('InboxPage', () => {
  it('lists notifications with unread ones marked in words, relative times and readable bodies', async () => {
    vi.stubGlobal('fetch', inboxApi(SAMPLE).fetchImpl);
    renderInbox();
    const list = await screen.findByRole('list', { name: 'Notifications' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const [task, deal, ticket] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(task).getByText('Unread')).toBeTruthy();
    expect(within(deal).getByText('Unread')).toBeTruthy();
    expect(within(ticket).queryByText('Unread')).toBeNull();
    expect(task.dataset.unread).toBe('true');
    expect(ticket.dataset.unread).toBe('false');
    expect(within(task).getByText('5 minutes ago')).toBeTruthy();
    expect(within(deal).getByText('1 hour ago')).toBeTruthy();
    expect(within(ticket).getByText('1 day ago')).toBeTruthy();
    // The service writes raw ISO instants into bodies; people read a date.
    expect(within(task).queryByText(/2026-12-06T17:00:00Z/)).toBeNull();
    expect(within(task).getByText(/^Due .* — from manager$/)).toBeTruthy();
    // Each links to its record; a task goes through the look-up of its record.
    expect(within(deal).getByRole('link', { name: 'Deal won: Contoso lab automation' }).getAttribute('href')).toBe(
      `/deals/${id(12)}`,
    );
    expect(within(task).getByRole('link').getAttribute('href')).toBe(`/inbox/open/task/${id(11)}`);
    // Read ones offer no "Mark read".
    expect(within(ticket).queryByRole('button', { name: /Mark read/ })).toBeNull();
    expect(screen.getByText('2 unread', { selector: 'p' })).toBeTruthy();
    expect(screen.getByTestId('unread-badge').textContent).toBe('22 unread');
  });

  it('marks a notification read when it is opened, and lands on its record', async () => {
    const api = inboxApi(SAMPLE);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderInbox();
    expect((await screen.findByTestId('unread-badge')).textContent).toContain('2 unread');
    await userEvent.click(await screen.findByRole('link', { name: 'Deal won: Contoso lab automation' }));
    expect((await screen.findByTestId('where')).textContent).toBe(`/deals/${id(12)}`);
    await waitFor(() => expect(api.store.find((n) => n.id === id(2))!.readAt).toBeTruthy());
    const read = api.calls.filter((r) => r.method === 'POST');
    expect(read.map((r) => new URL(r.url).pathname)).toEqual([`/api/v1/notifications/${id(2)}/read`]);
    // The badge follows: one left.
    await waitFor(() => expect(screen.getByTestId('unread-badge').textContent).toContain('1 unread'));
  });

  it('marks one read with its button, without leaving the inbox', async () => {
    const api = inboxApi(SAMPLE);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderInbox();
    await userEvent.click(await screen.findByRole('button', { name: /Mark read: Task assigned to you/ }));
    await waitFor(() => expect(api.store[0]!.readAt).toBeTruthy());
    await waitFor(() => expect(screen.getByText('1 unread', { selector: 'p' })).toBeTruthy());
    const task = screen.getByRole('link', { name: /Task assigned to you/ }).closest('li')!;
    await waitFor(() => expect(within(task).queryByText('Unread')).toBeNull());
  });

  it('marks all read, and the unread filter then shows the empty state', async () => {
    const api = inboxApi(SAMPLE);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderInbox('/inbox?show=unread');
    const list = await screen.findByRole('list', { name: 'Unread notifications' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    const listCalls = api.calls.map((r) => new URL(r.url)).filter((u) => u.pathname === '/api/v1/notifications');
    expect(listCalls.every((u) => u.searchParams.get('unread') === 'true')).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByText('Marked 2 notifications read.')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'You are all caught up' })).toBeTruthy();
    expect(screen.queryByTestId('unread-badge')).toBeNull();
    expect((screen.getByRole('button', { name: 'Mark all read' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Show all notifications' }));
    const all = await screen.findByRole('list', { name: 'Notifications' });
    expect(within(all).getAllByRole('listitem')).toHaveLength(3);
    expect(within(all).queryByText('Unread')).toBeNull();
  });

  it('switches between unread and all with the filter', async () => {
    const api = inboxApi(SAMPLE);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderInbox();
    await screen.findByRole('list', { name: 'Notifications' });
    await userEvent.click(screen.getByRole('radio', { name: 'Unread' }));
    const list = await screen.findByRole('list', { name: 'Unread notifications' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).queryByText(/Ticket #4/)).toBeNull();
  });

  it('loads more with the API’s cursor', async () => {
    const many: Stored[] = Array.from({ length: 30 }, (_, i) => ({
      id: id(100 + i),
      type: 'deal-moved',
      title: `Deal ${i + 1} moved to Proposal`,
      link: { type: 'deal', id: id(200 + i) },
      createdAt: minutesAgo(i + 1),
    }));
    const api = inboxApi(many, 25);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderInbox();
    const list = await screen.findByRole('list', { name: 'Notifications' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(25));
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(30));
    expect(screen.getByText('Deal 30 moved to Proposal')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const after = api.calls.map((r) => new URL(r.url).searchParams.get('after')).filter(Boolean);
    expect(after).toEqual(['25']);
  });

  it('has an empty state with the way to the settings', async () => {
    vi.stubGlobal('fetch', inboxApi([]).fetchImpl);
    renderInbox();
    expect(await screen.findByRole('heading', { name: 'No notifications yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Notification settings' }).getAttribute('href')).toBe('/settings/notifications');
    expect(screen.queryByTestId('unread-badge')).toBeNull();
  });
});
