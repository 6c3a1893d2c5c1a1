import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UserPage } from './UserPage';
import { fakeApi, json, renderAt } from '../../test/render';
import { east, everyone, is, mel, riley, sam } from '../testData';

afterEach(() => vi.unstubAllGlobals());

function directory(extra: Parameters<typeof fakeApi>[0] = [], subject?: string) {
  let current = { ...sam, subject };
  const api = fakeApi([
    ...extra,
    [is('GET', `/api/v1/users/${sam.id}`), () => json(200, current)],
    [is('GET', `/api/v1/users/${mel.id}`), () => json(200, mel)],
    [is('GET', '/api/v1/users'), () => json(200, { items: everyone })],
    [is('GET', '/api/v1/teams'), () => json(200, { items: [east] })],
    [
      is('POST', `/api/v1/users/${sam.id}/deactivate`),
      () => {
        current = { ...current, active: false, version: (current.version ?? 0) + 1, deactivatedAt: '2026-12-06T10:00:00Z' };
        return json(200, current);
      },
    ],
    [
      is('POST', `/api/v1/users/${sam.id}/reassignments`),
      () => json(202, { id: 'r1', fromUserId: sam.id, toUserId: riley.id }),
    ],
  ]);
  vi.stubGlobal('fetch', api.fetchImpl);
  return api;
}

describe('UserPage', () => {
  it('shows the person with their manager and teams', async () => {
    directory();
    renderAt(<UserPage />, `/admin/users/${sam.id}`, '/admin/users/:id');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sam Seller' })).toBeDefined();
    expect(await screen.findByRole('link', { name: 'Mel Manager' })).toBeDefined();
    expect((await screen.findByRole('link', { name: 'Sales East' })).getAttribute('href')).toBe(`/admin/teams/${east.id}`);
  });

  it('saves only what changed, as a merge patch with If-Match, and puts a field problem on its field', async () => {
    const api = directory([
      [
        is('PATCH', `/api/v1/users/${sam.id}`),
        () =>
          json(
            422,
            { type: 'urn:atrium:problem:validation', title: 'Invalid', status: 422, errors: [{ field: 'managerId', message: 'must not be one of their reports' }] },
            'application/problem+json',
          ),
      ],
    ]);
    renderAt(<UserPage />, `/admin/users/${sam.id}`, '/admin/users/:id');
    const manager = await screen.findByLabelText('Manager');
    await waitFor(() => expect(within(manager).getByRole('option', { name: 'Riley Rep (sales2)' })).toBeDefined());
    await userEvent.selectOptions(manager, riley.id!);
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('must not be one of their reports')).toBeDefined();
    expect(manager.getAttribute('aria-invalid')).toBe('true');
    const patch = api.calls.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.headers.get('Content-Type')).toBe('application/merge-patch+json');
    expect(await patch.json()).toEqual({ managerId: riley.id });
  });

  it('deactivates only after a choice of who takes the records, then asks for the reassignment', async () => {
    const api = directory();
    renderAt(<UserPage />, `/admin/users/${sam.id}`, '/admin/users/:id');
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate…' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate Sam Seller?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Sam Seller' }));
    expect(await within(dialog).findByText(/Choose who takes over their records/)).toBeDefined();
    expect(api.calls.some((r) => r.method === 'POST')).toBe(false);

    const to = within(dialog).getByLabelText('Move their records to');
    await waitFor(() => expect(within(to).getByRole('option', { name: 'Riley Rep (sales2)' })).toBeDefined());
    // Not offered: the person being deactivated.
    expect(within(to).queryByRole('option', { name: 'Sam Seller (sales)' })).toBeNull();
    await userEvent.selectOptions(to, riley.id!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Sam Seller' }));

    expect(await screen.findByText(/Sam Seller is deactivated and can no longer sign in\. .*moving to Riley Rep/)).toBeDefined();
    const posts = api.calls.filter((r) => r.method === 'POST');
    expect(posts.map((r) => new URL(r.url).pathname)).toEqual([
      `/api/v1/users/${sam.id}/deactivate`,
      `/api/v1/users/${sam.id}/reassignments`,
    ]);
    expect(posts[0]!.headers.get('If-Match')).toBe('"3"');
    expect(posts[1]!.headers.get('Idempotency-Key')).toMatch(/[0-9a-f-]{36}/);
    expect(await posts[1]!.json()).toEqual({ to: riley.id });
    expect(await screen.findByRole('button', { name: 'Reactivate…' })).toBeDefined();
  });

  it('offers no deactivation of the signed-in admin’s own account', async () => {
    directory([], 'sales');
    renderAt(<UserPage />, `/admin/users/${sam.id}`, '/admin/users/:id');
    expect(await screen.findByText('This is your own account: another admin can deactivate it.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Deactivate…' })).toBeNull();
  });

  it('says so when the user is deactivated but moving the records fails', async () => {
    directory([
      [
        is('POST', `/api/v1/users/${sam.id}/reassignments`),
        () => json(409, { title: 'Conflict', status: 409, detail: 'The target user is not active' }, 'application/problem+json'),
      ],
    ]);
    renderAt(<UserPage />, `/admin/users/${sam.id}`, '/admin/users/:id');
    await userEvent.click(await screen.findByRole('button', { name: 'Deactivate…' }));
    const dialog = screen.getByRole('dialog');
    const to = within(dialog).getByLabelText('Move their records to');
    await waitFor(() => expect(within(to).getByRole('option', { name: 'Riley Rep (sales2)' })).toBeDefined());
    await userEvent.selectOptions(to, riley.id!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deactivate Sam Seller' }));
    expect(
      await screen.findByText('Sam Seller is deactivated, but moving their records failed: The target user is not active Use “Reassign records…” to try again.'),
    ).toBeDefined();
  });
});
