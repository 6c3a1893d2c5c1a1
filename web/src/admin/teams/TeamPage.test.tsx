import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { TeamPage } from './TeamPage';
import { CreateTeamPage } from './CreateTeamPage';
import { fakeApi, json, renderAt } from '../../test/render';
import { east, everyone, is, riley, sam } from '../testData';

afterEach(() => vi.unstubAllGlobals());

function directory(extra: Parameters<typeof fakeApi>[0] = []) {
  let team = { ...east };
  const api = fakeApi([
    ...extra,
    [is('GET', `/api/v1/teams/${east.id}`), () => json(200, team)],
    [is('GET', '/api/v1/teams'), () => json(200, { items: [team] })],
    [is('GET', '/api/v1/users'), () => json(200, { items: everyone })],
    ...everyone.map(
      (u) => [is('GET', `/api/v1/users/${u.id}`), () => json(200, u)] as Parameters<typeof fakeApi>[0][number],
    ),
    [
      is('POST', `/api/v1/teams/${east.id}/members`),
      () => {
        team = { ...team, memberIds: [...team.memberIds!, riley.id!], version: team.version! + 1 };
        return json(200, team);
      },
    ],
    [
      (url, r) => r.method === 'DELETE' && url.pathname.startsWith(`/api/v1/teams/${east.id}/members/`),
      (url) => {
        team = { ...team, memberIds: team.memberIds!.filter((m) => !url.pathname.endsWith(m)), version: team.version! + 1 };
        return json(200, team);
      },
    ],
  ]);
  vi.stubGlobal('fetch', api.fetchImpl);
  return api;
}

describe('TeamPage', () => {
  it('adds a member with If-Match, then removes one after a confirmation', async () => {
    const api = directory();
    renderAt(<TeamPage />, `/admin/teams/${east.id}`, '/admin/teams/:id');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sales East' })).toBeDefined();
    const members = screen.getByRole('table', { name: 'Members of Sales East' });
    expect(await within(members).findByRole('link', { name: 'Sam Seller' })).toBeDefined();

    // Only people not yet in the team are offered; nothing chosen says so.
    const add = screen.getByLabelText('Add a member');
    await waitFor(() => expect(within(add).getByRole('option', { name: 'Riley Rep (sales2)' })).toBeDefined());
    expect(within(add).queryByRole('option', { name: 'Sam Seller (sales)' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Add member' }));
    expect(await screen.findByText('Choose the person to add.')).toBeDefined();
    await userEvent.selectOptions(add, riley.id!);
    await userEvent.click(screen.getByRole('button', { name: 'Add member' }));
    expect(await screen.findByText('Riley Rep joined Sales East.')).toBeDefined();
    expect(await within(members).findByRole('link', { name: 'Riley Rep' })).toBeDefined();
    const post = api.calls.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"5"');
    expect(await post.json()).toEqual({ userId: riley.id });

    await userEvent.click(within(members).getByRole('button', { name: 'Remove Sam Seller' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Sam Seller from Sales East?' });
    expect(api.calls.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove from team' }));
    expect(await screen.findByText('Sam Seller left Sales East.')).toBeDefined();
    await waitFor(() => expect(within(members).queryByRole('link', { name: 'Sam Seller' })).toBeNull());
    const del = api.calls.find((r) => r.method === 'DELETE')!;
    expect(new URL(del.url).pathname).toBe(`/api/v1/teams/${east.id}/members/${sam.id}`);
    expect(del.headers.get('If-Match')).toBe('"6"');
    expect(within(members).getByRole('link', { name: 'Mel Manager' })).toBeDefined();
  });
});

describe('CreateTeamPage', () => {
  it('checks the name first, and puts a duplicate name (409) on the name field', async () => {
    const api = directory([
      [
        is('POST', '/api/v1/teams'),
        () =>
          json(
            409,
            { type: 'urn:atrium:problem:duplicate-team-name', title: 'Conflict', status: 409, detail: 'A team named Sales East already exists', field: 'name' },
            'application/problem+json',
          ),
      ],
    ]);
    renderAt(<CreateTeamPage />, '/admin/teams/new', '/admin/teams/new', <Route path="/admin/teams/:id" element={<p>team page</p>} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect(await screen.findByText('Enter the team’s name.')).toBeDefined();
    expect(api.calls.some((r) => r.method === 'POST')).toBe(false);

    await userEvent.type(screen.getByLabelText('Name'), 'Sales East');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    expect(await screen.findByText('A team named Sales East already exists')).toBeDefined();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    const post = api.calls.find((r) => r.method === 'POST')!;
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await post.json()).toEqual({ name: 'Sales East' });
  });
});
