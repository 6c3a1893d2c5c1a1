import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NotificationSettingsPage } from './NotificationSettingsPage';
import { json, renderAt } from '../test/render';

const TYPES = [
  'deal-assigned', 'deal-moved', 'deal-won', 'deal-lost', 'deal-rotting', 'task-assigned', 'task-reminder',
  'task-overdue', 'ticket-assigned', 'ticket-sla-warning', 'ticket-sla-breached', 'mention', 'webhook-disabled',
];

function preferences(overrides: Record<string, { enabled?: boolean; channels?: string[]; chosen?: boolean }> = {}) {
  return {
    email: 'sales@atrium.example',
    digest: { enabled: false, hour: 8, zone: 'Europe/Berlin' },
    types: Object.fromEntries(
      TYPES.map((t) => [t, { enabled: true, channels: ['in-app'], chosen: false, ...overrides[t] }]),
    ),
  };
}

afterEach(() => vi.unstubAllGlobals());

interface Update {
  digest: { enabled: boolean; hour: number };
  types: Record<string, { channels: string[] }>;
}

/** notification-service's preferences: GET answers what the last PUT stored (or `put` answers the PUT). */
function settingsApi(initial = preferences(), put?: (body: Update) => Response) {
  let current = initial;
  const bodies: Update[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    const url = new URL(request.url);
    if (url.pathname !== '/api/v1/notifications/preferences') return json(404, { status: 404, title: 'Not found' });
    if (request.method === 'GET') return json(200, current);
    const body = (await request.json()) as Update;
    bodies.push(body);
    if (put) return put(body);
    current = {
      ...current,
      digest: { ...current.digest, ...body.digest },
      types: Object.fromEntries(
        TYPES.map((t) => [
          t,
          body.types[t]
            ? { enabled: true, channels: body.types[t].channels, chosen: true }
            : { enabled: true, channels: ['in-app'], chosen: false },
        ]),
      ),
    };
    return json(200, current);
  };
  return { fetchImpl, bodies };
}

function stub(api: ReturnType<typeof settingsApi>) {
  vi.stubGlobal('fetch', api.fetchImpl);
}

const row = (name: string) => screen.getByRole('group', { name });

describe('NotificationSettingsPage', () => {
  it('shows the preferences the API has: address, digest in the directory’s time zone, channels per kind', async () => {
    stub(
      settingsApi(
        preferences({ mention: { channels: ['in-app', 'email'], chosen: true }, 'webhook-disabled': { enabled: false, channels: [] } }),
      ),
    );
    renderAt(<NotificationSettingsPage />, '/settings/notifications');
    expect(await screen.findByText('sales@atrium.example')).toBeTruthy();
    expect(screen.getByText(/Europe\/Berlin/)).toBeTruthy();
    const digest = screen.getByRole('checkbox', { name: /daily digest/ }) as HTMLInputElement;
    expect(digest.checked).toBe(false);
    expect((screen.getByRole('combobox', { name: 'Send it at' }) as HTMLSelectElement).disabled).toBe(true);
    const mention = row('Mentioned in a note');
    expect((within(mention).getByRole('checkbox', { name: 'In the app' }) as HTMLInputElement).checked).toBe(true);
    expect((within(mention).getByRole('checkbox', { name: 'Email' }) as HTMLInputElement).checked).toBe(true);
    const deal = row('Deal assigned');
    expect((within(deal).getByRole('checkbox', { name: 'Email' }) as HTMLInputElement).checked).toBe(false);
    const webhook = row('Webhook disabled');
    expect((within(webhook).getByRole('checkbox', { name: 'In the app' }) as HTMLInputElement).disabled).toBe(true);
    expect(within(webhook).getByText(/Switched off for everyone/)).toBeTruthy();
  });

  it('saves with PUT: the digest, the kinds changed here and those chosen before; then confirms', async () => {
    const api = settingsApi(preferences({ mention: { channels: ['in-app', 'email'], chosen: true } }));
    stub(api);
    renderAt(<NotificationSettingsPage />, '/settings/notifications');
    await userEvent.click(await screen.findByRole('checkbox', { name: /daily digest/ }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Send it at' }), '07:00');
    await userEvent.click(within(row('Task assigned')).getByRole('checkbox', { name: 'Email' }));
    await userEvent.click(within(row('Deal moved')).getByRole('checkbox', { name: 'In the app' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save preferences' }));

    expect(await screen.findByText('Preferences saved.')).toBeTruthy();
    expect(api.bodies).toEqual([
      {
        digest: { enabled: true, hour: 7 },
        types: {
          'deal-moved': { channels: [] },
          'task-assigned': { channels: ['in-app', 'email'] },
          mention: { channels: ['in-app', 'email'] },
        },
      },
    ]);
    // What the service answered is what the form now shows.
    expect((within(row('Task assigned')).getByRole('checkbox', { name: 'Email' }) as HTMLInputElement).checked).toBe(true);
    expect((within(row('Deal moved')).getByRole('checkbox', { name: 'In the app' }) as HTMLInputElement).checked).toBe(false);

    // Changing something again takes the confirmation away until the next save.
    await userEvent.click(within(row('Deal won')).getByRole('checkbox', { name: 'Email' }));
    await waitFor(() => expect(screen.queryByText('Preferences saved.')).toBeNull());
  });

  it('puts the service’s field problems on their fields', async () => {
    const api = settingsApi(preferences(), () =>
      json(
        400,
        {
          type: 'urn:atrium:problem:invalid-fields',
          title: 'Invalid request',
          status: 400,
          errors: [
            { field: 'digest.hour', message: 'must be between 0 and 23' },
            { field: 'types.task-assigned.channels[1]', message: 'must be in-app or email' },
            { field: 'digest.zone', message: 'is your time zone in the directory (UTC); change it there' },
          ],
        },
        'application/problem+json',
      ),
    );
    stub(api);
    renderAt(<NotificationSettingsPage />, '/settings/notifications');
    await userEvent.click(await screen.findByRole('checkbox', { name: /daily digest/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save preferences' }));

    const hour = await screen.findByRole('combobox', { name: 'Send it at' });
    await waitFor(() => expect(hour.getAttribute('aria-invalid')).toBe('true'));
    expect(hour.getAttribute('aria-describedby')).toContain('digest-hour-error');
    expect(document.getElementById('digest-hour-error')!.textContent).toBe('must be between 0 and 23');
    const task = row('Task assigned');
    expect(within(task).getByText('must be in-app or email')).toBeTruthy();
    expect(task.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('is your time zone in the directory');
    expect(screen.queryByText('Preferences saved.')).toBeNull();
  });
});
