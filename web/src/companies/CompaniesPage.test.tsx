import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CompaniesPage } from './CompaniesPage';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const northwind = { id: '11111111-1111-1111-1111-111111111111', name: 'Northwind Traders', domain: 'northwind.example', industry: 'Wholesale', version: 1 };
const contoso = { id: '22222222-2222-2222-2222-222222222222', name: 'Contoso Pharmaceuticals', domain: 'contoso.example', version: 1 };

describe('CompaniesPage', () => {
  it('searches as the user types, with the API q, and sorts', async () => {
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/companies',
        (url) => json(200, { items: url.searchParams.get('q') === 'northw' ? [northwind] : [contoso, northwind] }),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CompaniesPage />, '/companies');

    expect(await screen.findByRole('link', { name: 'Contoso Pharmaceuticals' })).toBeDefined();
    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Search companies'), 'northw');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Contoso Pharmaceuticals' })).toBeNull());
    const link = screen.getByRole('link', { name: 'Northwind Traders' });
    expect(link.getAttribute('href')).toBe(`/companies/${northwind.id}`);
    // Debounced: only the settled word was sent.
    const lists = () => api.calls.filter((r) => new URL(r.url).pathname === '/api/v1/companies');
    expect(lists().map((r) => new URL(r.url).searchParams.get('q'))).toEqual([null, 'northw']);

    await userEvent.selectOptions(screen.getByLabelText('Sort companies'), '-updated');
    await screen.findByText('1 company');
    const last = new URL(lists().at(-1)!.url);
    expect(last.searchParams.get('sort')).toBe('-updated');
    expect(last.searchParams.get('q')).toBe('northw');
  });

  it('says so when nothing matches', async () => {
    vi.stubGlobal('fetch', fakeApi([[() => true, () => json(200, { items: [] })]]).fetchImpl);
    renderAt(<CompaniesPage />, '/companies?q=zzz', '/companies');
    expect(await screen.findByText('No company matches “zzz”.')).toBeDefined();
  });
});
