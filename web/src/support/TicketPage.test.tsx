import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TicketPage } from './TicketPage';
import { fakeApi, json, renderAt } from '../test/render';
import type { Ticket } from './sla';

const ID = '00000000-0000-0000-0000-000000000042';
const CONTACT = '00000000-0000-0000-0000-0000000000c1';
const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

const baseTicket = {
  id: ID,
  number: 42,
  version: 3,
  subject: 'Robot arm stops after firmware update',
  description: 'Two arms on line 3 halt with error E42.',
  status: 'open',
  priority: 'high',
  channel: 'phone',
  requesterContactId: CONTACT,
  assignee: 'support',
  firstResponseDueAt: minutes(-30),
  firstRespondedAt: minutes(-40),
  resolutionDueAt: minutes(95),
  createdAt: minutes(-120),
  updatedAt: minutes(-10),
} as Ticket;

function api(overrides: { ticket?: Partial<Ticket>; status?: (body: { status: string }) => Response } = {}) {
  const messages = [
    { id: 'm1', ticketId: ID, visibility: 'public', body: 'We are rolling back the firmware.', author: 'support', createdAt: minutes(-40) },
    { id: 'm2', ticketId: ID, visibility: 'internal', body: 'Tier 2 knows about E42.', author: 'support', createdAt: minutes(-20) },
  ];
  const posted: { visibility: string; body: string }[] = [];
  let ticket = { ...baseTicket, ...overrides.ticket };
  const fake = fakeApi([
    [(url) => url.pathname === `/api/v1/tickets/${ID}` && true, () => json(200, ticket)],
    [(url) => url.pathname.endsWith('/messages'), () => json(200, { items: messages, next: null })],
    [
      (url) => url.pathname.endsWith('/status-history'),
      () => json(200, { items: [{ id: 'h1', to: 'new', changedAt: minutes(-120), changedBy: 'support' }], next: null }),
    ],
    [(url) => url.pathname === `/api/v1/contacts/${CONTACT}`, () => json(200, { id: CONTACT, firstName: 'Amelie', lastName: 'Roux' })],
    [(url) => url.pathname === '/api/v1/teams', () => json(200, { items: [], next: null })],
  ]);
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    if (url.pathname.endsWith('/status') && request.method === 'POST') {
      fake.calls.push(request.clone());
      const body = (await request.json()) as { status: string };
      if (overrides.status) return overrides.status(body);
      ticket = { ...ticket, status: body.status as Ticket['status'], version: (ticket.version ?? 0) + 1 };
      return json(200, ticket);
    }
    if (url.pathname.endsWith('/replies') && request.method === 'POST') {
      fake.calls.push(request.clone());
      const body = (await request.json()) as { visibility: string; body: string };
      posted.push(body);
      messages.push({ id: `m${messages.length + 1}`, ticketId: ID, author: 'support', createdAt: minutes(0), ...body });
      return json(201, messages.at(-1));
    }
    return fake.fetchImpl(request);
  };
  return { fetchImpl, calls: fake.calls, posted };
}

afterEach(() => vi.unstubAllGlobals());

function render() {
  return renderAt(<TicketPage />, `/support/${ID}`, '/support/:id');
}

describe('TicketPage', () => {
  it('shows subject, customer, status, priority and SLA, and keeps internal notes apart from replies', async () => {
    vi.stubGlobal('fetch', api().fetchImpl);
    render();

    await screen.findByRole('heading', { level: 1, name: /Robot arm stops after firmware update/ });
    expect(await screen.findByRole('link', { name: 'Amelie Roux' })).toHaveProperty('href', expect.stringContaining(`/contacts/${CONTACT}`));
    const details = screen.getByRole('complementary');
    expect(within(details).getByText('Open')).toBeTruthy();
    expect(within(details).getByText('High')).toBeTruthy();
    expect(within(details).getByText(/^1 h 3\d min left$/)).toBeTruthy();
    expect(within(details).getByText(/^Met /)).toBeTruthy();

    const reply = (await screen.findByText('We are rolling back the firmware.')).closest('li')!;
    const note = screen.getByText('Tier 2 knows about E42.').closest('li')!;
    expect(within(reply).getByText('Public reply')).toBeTruthy();
    expect(within(note).getByText('Internal — not sent to the customer')).toBeTruthy();
    expect(reply.className).toMatch(/public/);
    expect(note.className).toMatch(/internal/);
    expect(screen.getByText('Request from Amelie Roux')).toBeTruthy();
  });

  it('sends a public reply in Reply mode and an internal note in Internal note mode', async () => {
    const fake = api();
    vi.stubGlobal('fetch', fake.fetchImpl);
    render();
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Reply to the customer'), 'Firmware rolled back.');
    expect(screen.getByRole('form', { name: 'Compose a reply' }).className).toMatch(/composerPublic/);
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await screen.findByText('Reply sent to the customer.');
    expect((await screen.findByText('Firmware rolled back.')).closest('li')!.className).toMatch(/public/);

    await user.click(screen.getByRole('radio', { name: 'Internal note' }));
    const form = screen.getByRole('form', { name: 'Compose an internal note' });
    expect(form.className).toMatch(/composerInternal/);
    await user.type(within(form).getByLabelText('Internal note — not sent to the customer'), 'Customer is on v2.3.');
    await user.click(screen.getByRole('button', { name: 'Add internal note' }));
    await screen.findByText('Internal note added.');
    expect((await screen.findByText('Customer is on v2.3.')).closest('li')!.className).toMatch(/internal/);

    expect(fake.posted).toEqual([
      { visibility: 'public', body: 'Firmware rolled back.' },
      { visibility: 'internal', body: 'Customer is on v2.3.' },
    ]);
  });

  it('does not send an empty reply', async () => {
    const fake = api();
    vi.stubGlobal('fetch', fake.fetchImpl);
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Send reply' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Write the reply first.');
    expect(fake.posted).toEqual([]);
  });

  it('offers the allowed status changes and resolves with the version it saw', async () => {
    const fake = api();
    vi.stubGlobal('fetch', fake.fetchImpl);
    render();
    const details = await screen.findByRole('complementary');
    const buttons = await within(details).findAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Wait on customer (pending)', 'Resolve', 'Close']);

    await userEvent.click(within(details).getByRole('button', { name: 'Resolve' }));
    await within(details).findByText('Resolved');
    const move = fake.calls.find((r) => r.url.endsWith('/status'))!;
    expect(move.headers.get('If-Match')).toBe('"3"');
    expect(within(details).getByRole('button', { name: 'Reopen' })).toBeTruthy();
  });

  it('shows the service’s message when it refuses a status change', async () => {
    vi.stubGlobal(
      'fetch',
      api({
        status: () =>
          json(
            409,
            {
              type: 'urn:atrium:problem:ticket-status',
              title: 'Conflict',
              status: 409,
              detail: `Ticket ${ID} is closed and cannot become resolved: closed tickets are final; open a follow-up ticket`,
            },
            'application/problem+json',
          ),
      }).fetchImpl,
    );
    render();
    const details = await screen.findByRole('complementary');
    await userEvent.click(await within(details).findByRole('button', { name: 'Resolve' }));
    expect((await within(details).findByRole('alert')).textContent).toContain('closed tickets are final');
    expect(within(details).getByText('Open')).toBeTruthy();
  });
});
