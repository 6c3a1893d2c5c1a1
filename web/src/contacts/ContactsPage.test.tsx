import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContactsPage } from './ContactsPage';
import { ContactPage } from './ContactPage';
import { Route } from 'react-router';
import { fakeApi, json, renderAt } from '../test/render';
import type { Contact } from './format';

function contact(i: number, extra: Partial<Contact> = {}): Contact {
  return {
    id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    version: 1,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    emails: [{ address: `person${i}@example.com`, primary: true }],
    phones: [],
    tags: [],
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-02T10:00:00Z',
    ...extra,
  } as Contact;
}

afterEach(() => vi.unstubAllGlobals());

describe('ContactsPage', () => {
  it('searches as the user types, once the typing settles, with the bearer token', async () => {
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/contacts',
        (url) =>
          json(200, {
            items: url.searchParams.get('q') === 'davolo' ? [contact(1, { firstName: 'Nancy', lastName: 'Davolio' })] : [],
            next: null,
          }),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ContactsPage />, '/contacts');

    await screen.findByText('No contacts yet.');
    // No pause between keys (all in one task), so no debounce timer can fire mid-word, however slow the machine.
    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Search contacts'), 'davolo');

    expect(await screen.findByRole('link', { name: 'Nancy Davolio' })).toHaveProperty(
      'href',
      expect.stringMatching(/\/contacts\/[0-]+1$/),
    );
    const searches = api.calls
      .filter((r) => new URL(r.url).pathname === '/api/v1/contacts')
      .map((r) => new URL(r.url).searchParams.get('q'));
    // Debounced: the intermediate prefixes were never sent.
    expect(searches).toEqual([null, 'davolo']);
    expect(api.calls.every((r) => r.headers.get('Authorization') === null || r.headers.get('Authorization') === 'Bearer test-token')).toBe(true);
  });

  it('renders only the rows in view and pages on with the API cursor', async () => {
    const first = Array.from({ length: 50 }, (_, i) => contact(i));
    const second = Array.from({ length: 20 }, (_, i) => contact(50 + i));
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/contacts' && url.searchParams.get('after') === 'cursor-1',
        () => json(200, { items: second, next: null }),
      ],
      [(url) => url.pathname === '/api/v1/contacts', () => json(200, { items: first, next: 'cursor-1' })],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ContactsPage />, '/contacts');

    await screen.findByRole('link', { name: 'First0 Last0' });
    // 600 px of 44 px rows plus overscan: far fewer than 50 rows in the DOM.
    const rendered = screen.getAllByRole('row').length - 1;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('70 contacts');
    expect(api.calls.some((r) => new URL(r.url).searchParams.get('after') === 'cursor-1')).toBe(true);
  });

  it('shows the service problem when the list fails', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          () => true,
          () => json(403, { title: 'Forbidden', status: 403, detail: 'Not allowed' }, 'application/problem+json'),
        ],
      ]).fetchImpl,
    );
    renderAt(<ContactsPage />, '/contacts');
    expect(await screen.findByText('Could not load contacts: Not allowed')).toHaveProperty('role', 'alert');
  });
});

describe('ContactPage', () => {
  it('shows the contact with its company', async () => {
    const c = contact(7, {
      firstName: 'Janet',
      lastName: 'Leverling',
      jobTitle: 'Buyer',
      companyId: '11111111-1111-1111-1111-111111111111',
      lifecycleStage: 'opportunity',
    } as Partial<Contact>);
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [(url) => url.pathname === `/api/v1/contacts/${c.id}`, () => json(200, c)],
        [(url) => url.pathname.startsWith('/api/v1/companies/'), () => json(200, { id: c.companyId, name: 'Northwind Traders' })],
      ]).fetchImpl,
    );
    renderAt(<ContactPage />, `/contacts/${c.id}`, '/contacts/:id', <Route path="/contacts" element={<p>list</p>} />);

    expect(await screen.findByRole('heading', { level: 1, name: 'Janet Leverling' })).toBeDefined();
    await waitFor(() => expect(screen.getByText('Buyer at Northwind Traders')).toBeDefined());
    expect(screen.getByText('Opportunity')).toBeDefined();
    expect(screen.getByRole('button', { name: 'person7@example.com, edit email' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Send email' })).toHaveProperty('href', 'mailto:person7@example.com');
    expect(screen.getByRole('link', { name: 'Northwind Traders' })).toHaveProperty(
      'href',
      expect.stringMatching(/\/companies\/11111111-1111-1111-1111-111111111111$/),
    );
  });

  it('says so when the contact does not exist', async () => {
    vi.stubGlobal('fetch', fakeApi([]).fetchImpl);
    renderAt(<ContactPage />, '/contacts/nope', '/contacts/:id');
    expect(await screen.findByRole('heading', { name: 'Contact not found' })).toBeDefined();
  });
});
