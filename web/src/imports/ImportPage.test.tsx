import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { ImportPage } from './ImportPage';
import type { ImportJob } from './api';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const EXTERNAL = { name: 'externalIds.', label: 'Id in another system (externalIds.<source>)', key: true };

const companyJob: ImportJob = {
  id: 'job-c',
  kind: 'companies',
  status: 'uploaded',
  fileName: 'accounts.csv',
  fileSize: 120,
  format: 'csv',
  separator: ',',
  columns: ['Company', 'Website', 'HubSpot id'],
  sample: [['Northwind', 'northwind.example', '42']],
  fields: [
    { name: 'name', label: 'Name' },
    { name: 'domain', label: 'Domain', key: true },
    { name: 'customFields.', label: 'Custom field' },
    EXTERNAL,
  ],
  suggestedMapping: { columns: { Company: 'name', Website: 'domain' }, key: 'domain' },
};

describe('ImportPage for other kinds', () => {
  it('companies: uploads to the companies import, names the kind, and opens the job under /companies/import', async () => {
    const api = fakeApi([
      [(url, r) => url.pathname === '/api/v1/imports/companies' && r.method === 'GET', () => json(200, [])],
      [(url, r) => url.pathname === '/api/v1/imports/companies' && r.method === 'POST', () => json(201, companyJob)],
      [(url) => url.pathname === '/api/v1/imports/companies/job-c', () => json(200, companyJob)],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(
      <ImportPage kind="companies" />,
      '/companies/import',
      '/companies/import',
      <Route path="/companies/import/:id" element={<ImportPage kind="companies" />} />,
    );

    expect(screen.getByRole('heading', { level: 1, name: 'Import companies' })).toBeDefined();
    expect(screen.getByRole('link', { name: '← Companies' }).getAttribute('href')).toBe('/companies');
    // Every kind is one link away; activities, which have no list of their own, included.
    const kinds = within(screen.getByRole('navigation', { name: 'What to import' }));
    expect(kinds.getByRole('link', { name: 'Companies' }).getAttribute('aria-current')).toBe('page');
    expect(kinds.getByRole('link', { name: 'Activities' }).getAttribute('href')).toBe('/activities/import');
    await screen.findByText('None yet.');

    await userEvent.upload(
      screen.getByLabelText('Choose a file to import'),
      new File(['Company,Website\n'], 'accounts.csv', { type: 'text/csv' }),
    );
    await screen.findByRole('heading', { name: 'Map the columns' });
    const upload = api.calls.find((r) => r.method === 'POST')!;
    expect(new URL(upload.url).searchParams.get('fileName')).toBe('accounts.csv');
    expect(upload.headers.get('Content-Type')).toBe('text/csv');

    const key = screen.getByLabelText('Find existing companies by') as HTMLSelectElement;
    expect(key.value).toBe('domain');
    expect(screen.getByText(/A row whose domain matches a company updates it/)).toBeDefined();
  });

  it('companies: an id in another system becomes a key once its source is named, and is sent as the mapping', async () => {
    let saved: unknown = null;
    const api = fakeApi([
      [
        (url, r) => url.pathname === '/api/v1/imports/companies/job-c/mapping' && r.method === 'PUT',
        (_url) => json(200, { ...companyJob, mapping: saved }),
      ],
      [
        (url) => url.pathname === '/api/v1/imports/companies/job-c/dry-run',
        () => json(202, { ...companyJob, mapping: saved, status: 'queued', mode: 'dry-run' }),
      ],
      [(url) => url.pathname === '/api/v1/imports/companies/job-c', () => json(200, companyJob)],
    ]);
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(String(input), init);
      if (request.method === 'PUT') saved = await request.clone().json();
      return api.fetchImpl(request);
    });
    renderAt(<ImportPage kind="companies" />, '/companies/import/job-c', '/companies/import/:id');

    const row = await screen.findByLabelText('Import column HubSpot id into');
    expect(within(row).getByRole('option', { name: 'Id in another system… (key)' })).toBeDefined();
    await userEvent.selectOptions(row, 'externalIds.');
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    // A source is needed first: said on the row, nothing sent.
    expect(await screen.findByText('Name the source system.')).toBeDefined();
    expect(api.calls.some((r) => r.method === 'PUT')).toBe(false);

    await userEvent.type(screen.getByLabelText('Source system for column HubSpot id'), 'hubspot');
    await userEvent.selectOptions(screen.getByLabelText('Find existing companies by'), 'Id in hubspot');
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    await screen.findByText('Waiting to start…');
    expect(saved).toEqual({
      columns: { Company: 'name', Website: 'domain', 'HubSpot id': 'externalIds.hubspot' },
      key: 'externalIds.hubspot',
    });
  });

  it('deals: the key comes from the column named as an id in another system; the job links back to the board', async () => {
    const job: ImportJob = {
      ...companyJob,
      id: 'job-d',
      kind: 'deals',
      columns: ['Deal', 'CRM id'],
      sample: [['Big one', 'D-1']],
      fields: [{ name: 'title', label: 'Title' }, { name: 'customFields.', label: 'Custom field' }, EXTERNAL],
      suggestedMapping: { columns: { Deal: 'title', 'CRM id': 'externalIds.crm' }, key: 'externalIds.crm' },
      mapping: undefined,
    };
    vi.stubGlobal('fetch', fakeApi([[(url) => url.pathname === '/api/v1/imports/deals/job-d', () => json(200, job)]]).fetchImpl);
    renderAt(<ImportPage kind="deals" />, '/deals/import/job-d', '/deals/import/:id');

    expect(await screen.findByRole('heading', { level: 1, name: 'Import deals' })).toBeDefined();
    expect(((await screen.findByLabelText('Import column CRM id into')) as HTMLSelectElement).value).toBe('externalIds.');
    expect((screen.getByLabelText('Source system for column CRM id') as HTMLInputElement).value).toBe('crm');
    const key = screen.getByLabelText('Find existing deals by') as HTMLSelectElement;
    expect(key.value).toBe('externalIds.crm');
    expect(within(key).getByRole('option', { name: 'Id in crm' })).toBeDefined();
    expect(screen.getByRole('link', { name: '← Deals' }).getAttribute('href')).toBe('/deals');
  });
});
