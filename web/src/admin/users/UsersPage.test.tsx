import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UsersPage } from './UsersPage';
import { fakeApi, json, renderAt } from '../../test/render';
import { east, everyone, is, mel, riley, sam } from '../testData';

afterEach(() => vi.unstubAllGlobals());

describe('UsersPage', () => {
  it('lists users with their teams, manager and status, and searches with the API q', async () => {
    const api = fakeApi([
      [
        is('GET', '/api/v1/users'),
        (url) => json(200, { items: url.searchParams.get('q') === 'riley' ? [riley] : everyone.map((u) => (u === riley ? { ...u, active: false } : u)) }),
      ],
      [is('GET', '/api/v1/teams'), () => json(200, { items: [east] })],
      [is('GET', `/api/v1/users/${mel.id}`), () => json(200, mel)],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<UsersPage />, '/admin/users');

    const samRow = (await screen.findByRole('link', { name: 'Sam Seller' })).closest('tr')!;
    expect(samRow.querySelector('a')!.getAttribute('href')).toBe(`/admin/users/${sam.id}`);
    await waitFor(() => expect(within(samRow).getByText('Mel Manager')).toBeDefined());
    expect(within(samRow).getByText('Sales East')).toBeDefined();
    expect(within(samRow).getByText('Active')).toBeDefined();
    const rileyRow = screen.getByRole('link', { name: 'Riley Rep' }).closest('tr')!;
    expect(within(rileyRow).getByText('Inactive')).toBeDefined();

    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Search users'), 'riley');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Sam Seller' })).toBeNull());
    const lists = api.calls.filter((r) => new URL(r.url).pathname === '/api/v1/users');
    expect(new URL(lists.at(-1)!.url).searchParams.get('q')).toBe('riley');

    await userEvent.selectOptions(screen.getByLabelText('Show users'), 'false');
    await waitFor(() => {
      const last = api.calls.filter((r) => new URL(r.url).pathname === '/api/v1/users').at(-1)!;
      expect(new URL(last.url).searchParams.get('active')).toBe('false');
    });
  });
});
