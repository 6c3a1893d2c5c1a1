import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CreateWebhookPage } from './CreateWebhookPage';
import { WebhookPage } from './WebhookPage';
import { DeliveryPage } from './DeliveryPage';
import { fakeApi, json, renderAt } from '../../test/render';
import { is } from '../testData';

afterEach(() => vi.unstubAllGlobals());

const sub = {
  id: '30000000-0000-0000-0000-000000000001',
  url: 'https://erp.example.com/atrium/events',
  description: 'ERP sync',
  eventTypes: ['crm.deal.won.v1'],
  active: true,
  version: 2,
  createdAt: '2026-12-06T09:00:00Z',
};
const failed = {
  id: '40000000-0000-0000-0000-000000000001',
  subscriptionId: sub.id,
  eventId: '50000000-0000-0000-0000-000000000001',
  eventType: 'crm.deal.won.v1',
  status: 'failed',
  attempts: 14,
  responseCode: 503,
  createdAt: '2026-12-03T09:00:00Z',
  completedAt: '2026-12-06T09:00:00Z',
  attemptLog: [
    { number: 1, at: '2026-12-03T09:00:01Z', responseCode: 503, latencyMs: 40 },
    { number: 2, at: '2026-12-03T09:00:11Z', error: 'connection refused', latencyMs: 2 },
  ],
};
const pending = { ...failed, id: '40000000-0000-0000-0000-000000000002', status: 'pending', attempts: 1, completedAt: undefined, nextAttemptAt: '2099-01-01T00:00:00Z', attemptLog: [] };

describe('CreateWebhookPage', () => {
  it('checks URL and events, sends ticked types, wildcards and typed patterns, and shows the secret once', async () => {
    const api = fakeApi([
      [is('POST', '/api/v1/webhooks/subscriptions'), () => json(201, { subscription: { ...sub, eventTypes: ['crm.deal.*', 'crm.task.created.v1', 'crm.x.*'] }, secret: 'whsec_c2VjcmV0' })],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateWebhookPage />, '/admin/webhooks/new');

    await userEvent.type(screen.getByLabelText('Target URL'), 'ftp://example.com');
    await userEvent.type(screen.getByLabelText(/Other event types or patterns/), 'crm.x.*, Bad Type');
    await userEvent.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect(await screen.findByText(/Enter an absolute http or https URL/)).toBeDefined();
    expect(screen.getByText(/Not an event type or pattern: Bad, Type/)).toBeDefined();
    expect(api.calls).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText('Target URL'));
    await userEvent.type(screen.getByLabelText('Target URL'), sub.url);
    await userEvent.clear(screen.getByLabelText(/Other event types or patterns/));
    await userEvent.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect(await screen.findByText('Choose at least one event.')).toBeDefined();

    await userEvent.type(screen.getByLabelText(/Other event types or patterns/), 'crm.x.*');
    await userEvent.click(screen.getByRole('checkbox', { name: /All deal events/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'crm.task.created.v1' }));
    await userEvent.type(screen.getByLabelText('Description (optional)'), 'ERP sync');
    await userEvent.click(screen.getByRole('button', { name: 'Create subscription' }));

    expect(await screen.findByRole('heading', { name: 'Signing secret' })).toBeDefined();
    expect(screen.getByText('whsec_c2VjcmV0')).toBeDefined();
    expect(screen.getByText(/shown only this once/)).toBeDefined();
    expect(await api.calls[0]!.json()).toEqual({
      url: sub.url,
      description: 'ERP sync',
      eventTypes: ['crm.deal.*', 'crm.task.created.v1', 'crm.x.*'],
    });
  });

  it('puts the service’s refusal of the URL on the URL field', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          is('POST', '/api/v1/webhooks/subscriptions'),
          () =>
            json(400, { title: 'Invalid request', status: 400, errors: [{ field: 'url', message: 'resolves to 10.0.0.5, a private address; not allowed' }] }, 'application/problem+json'),
        ],
      ]).fetchImpl,
    );
    renderAt(<CreateWebhookPage />, '/admin/webhooks/new');
    await userEvent.type(screen.getByLabelText('Target URL'), 'https://intranet.example/hook');
    await userEvent.click(screen.getByRole('checkbox', { name: 'crm.deal.won.v1' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect(await screen.findByText('resolves to 10.0.0.5, a private address; not allowed')).toBeDefined();
    expect(screen.getByLabelText('Target URL').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('WebhookPage', () => {
  it('pauses with If-Match, lists the delivery log, and rotates the secret after a confirmation', async () => {
    let current = { ...sub };
    const api = fakeApi([
      [is('GET', `/api/v1/webhooks/subscriptions/${sub.id}`), () => json(200, current)],
      [is('GET', `/api/v1/webhooks/subscriptions/${sub.id}/deliveries`), () => json(200, { items: [pending, failed] })],
      [
        is('PATCH', `/api/v1/webhooks/subscriptions/${sub.id}`),
        () => {
          current = { ...current, active: false, version: 3 };
          return json(200, current);
        },
      ],
      [is('POST', `/api/v1/webhooks/subscriptions/${sub.id}/rotate-secret`), () => json(200, { subscription: current, secret: 'whsec_bmV3' })],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<WebhookPage />, `/admin/webhooks/${sub.id}`, '/admin/webhooks/:id');

    expect(await screen.findByRole('heading', { level: 1, name: 'ERP sync' })).toBeDefined();
    const log = await screen.findByRole('table', { name: 'Deliveries, newest first' });
    const rows = within(log).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Pending')).toBeDefined();
    expect(within(rows[0]!).getByText(/^in /)).toBeDefined();
    expect(within(rows[1]!).getByText('Failed')).toBeDefined();
    expect(within(rows[1]!).getByText('503')).toBeDefined();
    expect(within(rows[1]!).getByText('14')).toBeDefined();
    expect(within(rows[1]!).getByRole('link').getAttribute('href')).toBe(`/admin/webhooks/${sub.id}/deliveries/${failed.id}`);

    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await screen.findByText(/Paused: events that happen now are not queued/)).toBeDefined();
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeDefined();
    const patch = api.calls.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"2"');
    expect(await patch.json()).toEqual({ active: false });

    await userEvent.click(screen.getByRole('button', { name: 'Rotate secret…' }));
    expect(api.calls.some((r) => r.url.endsWith('/rotate-secret'))).toBe(false);
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate secret' }));
    expect(await screen.findByRole('heading', { name: 'New signing secret' })).toBeDefined();
    expect(screen.getByText('whsec_bmV3')).toBeDefined();
  });
});

describe('DeliveryPage', () => {
  it('shows every attempt and redelivers', async () => {
    let current: typeof failed | typeof pending = failed;
    const api = fakeApi([
      [is('GET', `/api/v1/webhooks/deliveries/${failed.id}`), () => json(200, current)],
      [
        is('POST', `/api/v1/webhooks/deliveries/${failed.id}/redeliver`),
        () => {
          current = { ...failed, status: 'succeeded', attempts: 15, responseCode: 200 };
          return json(202, { ...failed, status: 'pending', nextAttemptAt: new Date().toISOString() });
        },
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<DeliveryPage />, `/admin/webhooks/${sub.id}/deliveries/${failed.id}`, '/admin/webhooks/:id/deliveries/:deliveryId');

    expect(await screen.findByRole('heading', { level: 1, name: 'Delivery of crm.deal.won.v1' })).toBeDefined();
    const attempts = screen.getByRole('table', { name: 'Attempts, in order' });
    expect(within(attempts).getByText('connection refused')).toBeDefined();
    expect(within(attempts).getByText('503')).toBeDefined();

    await userEvent.click(screen.getByRole('button', { name: 'Redeliver' }));
    expect(await screen.findByText(/Queued for redelivery/)).toBeDefined();
    // Pending now: the page follows it until it is sent.
    await waitFor(() => expect(screen.getByTestId('delivery-status').textContent).toBe('Succeeded'), { timeout: 8_000 });
    expect(screen.getByTestId('delivery-attempts').textContent).toBe('15');
    expect(api.calls.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
