import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { CreateCompanyPage } from './CreateCompanyPage';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const routes = <Route path="/companies/:id" element={<p>company page</p>} />;

describe('CreateCompanyPage', () => {
  it('checks the name and the domain before sending anything', async () => {
    const api = fakeApi([]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateCompanyPage />, '/companies/new', '/companies/new', routes);

    await userEvent.type(screen.getByLabelText('Domain'), 'not a domain');
    await userEvent.tab();
    expect(screen.getByText('Enter a domain such as northwind.example.')).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Create company' }));
    expect(await screen.findByText('Enter the company’s name.')).toBeDefined();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls).toHaveLength(0);
  });

  it('a similar name is a possible duplicate: the candidate is linked and "Create anyway" retries with allowDuplicate', async () => {
    const api = fakeApi([
      [(url) => url.searchParams.get('allowDuplicate') === 'true', () => json(201, { id: 'new-co', version: 0, name: 'Northwind Trading' })],
      [
        () => true,
        () =>
          json(
            409,
            {
              type: 'urn:atrium:problem:possible-duplicate',
              title: 'Conflict',
              status: 409,
              duplicates: [
                { id: 'nw', name: 'Northwind Traders', reasons: [{ code: 'similar-name', detail: 'a name like Northwind Traders' }] },
                { id: 'nw2', name: 'Northwind', reasons: [{ code: 'similar-name', detail: 'a name like Northwind' }] },
              ],
            },
            'application/problem+json',
          ),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateCompanyPage />, '/companies/new', '/companies/new', routes);
    await userEvent.type(screen.getByLabelText('Name'), 'Northwind Trading');
    await userEvent.click(screen.getByRole('button', { name: 'Create company' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'This may be a duplicate of Northwind Traders (a name like Northwind Traders) or Northwind (a name like Northwind).',
    );
    expect(screen.getByRole('link', { name: 'Northwind' }).getAttribute('href')).toBe('/companies/nw2');
    await userEvent.click(screen.getByRole('button', { name: 'Create anyway' }));
    expect(await screen.findByText('company page')).toBeDefined();
    expect(new URL(api.calls[1]!.url).searchParams.get('allowDuplicate')).toBe('true');
  });

  it('puts a duplicate domain on the domain field and offers the existing company', async () => {
    const api = fakeApi([
      [
        () => true,
        () =>
          json(
            409,
            {
              type: 'urn:atrium:problem:duplicate-company-domain',
              title: 'Conflict',
              status: 409,
              detail: 'A company with domain northwind.example already exists',
              field: 'domain',
              existingId: 'nw-1',
            },
            'application/problem+json',
          ),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateCompanyPage />, '/companies/new', '/companies/new', routes);
    await userEvent.type(screen.getByLabelText('Name'), 'Northwind again');
    await userEvent.type(screen.getByLabelText('Domain'), 'northwind.example');
    await userEvent.selectOptions(screen.getByLabelText('Size (employees)'), '11-50');
    await userEvent.click(screen.getByRole('button', { name: 'Create company' }));

    const open = await screen.findByRole('link', { name: 'Open the existing record' });
    expect(open.getAttribute('href')).toBe('/companies/nw-1');
    expect(screen.getByLabelText('Domain').getAttribute('aria-invalid')).toBe('true');
    const body = await api.calls[0]!.clone().json();
    expect(body).toEqual({ name: 'Northwind again', domain: 'northwind.example', size: '11-50' });
    expect(api.calls[0]!.headers.get('Idempotency-Key')).toBeTruthy();
  });
});
