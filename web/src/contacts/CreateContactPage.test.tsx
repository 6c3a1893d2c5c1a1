import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { CreateContactPage, validate } from './CreateContactPage';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const routes = (
  <>
    <Route path="/contacts/:id" element={<p>record page</p>} />
  </>
);

describe('CreateContactPage', () => {
  it('validates inline before sending anything', async () => {
    const api = fakeApi([]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateContactPage />, '/contacts/new', '/contacts/new', routes);

    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.tab();
    expect(screen.getByText('Enter an email address such as ana@example.com.')).toBeDefined();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');

    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(api.calls).toHaveLength(0);
  });

  it('puts the service field errors on their fields', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          () => true,
          () =>
            json(
              400,
              {
                type: 'urn:atrium:problem:validation',
                title: 'Invalid request',
                status: 400,
                errors: [{ field: 'phones[0].number', message: 'must be a phone number such as +49 30 1234567' }],
              },
              'application/problem+json',
            ),
        ],
      ]).fetchImpl,
    );
    renderAt(<CreateContactPage />, '/contacts/new', '/contacts/new', routes);
    await userEvent.type(screen.getByLabelText('First name'), 'Ana');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(await screen.findByText('must be a phone number such as +49 30 1234567')).toBeDefined();
  });

  it('offers the existing record on a duplicate email (409)', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          () => true,
          () =>
            json(
              409,
              {
                type: 'urn:atrium:problem:duplicate-contact-email',
                title: 'A contact with this email already exists',
                status: 409,
                field: 'emails',
                existingId: 'abc',
              },
              'application/problem+json',
            ),
        ],
      ]).fetchImpl,
    );
    renderAt(<CreateContactPage />, '/contacts/new', '/contacts/new', routes);
    await userEvent.type(screen.getByLabelText('Email'), 'nancy@northwind.example');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    const open = await screen.findByRole('link', { name: 'Open the existing record' });
    expect(open.getAttribute('href')).toBe('/contacts/abc');
  });

  it('names a possible duplicate with its reasons and creates anyway on request, with allowDuplicate', async () => {
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/contacts' && url.searchParams.get('allowDuplicate') === 'true',
        () => json(201, { id: 'second', version: 0, firstName: 'Ada' }),
      ],
      [
        (url) => url.pathname === '/api/v1/contacts',
        () =>
          json(
            409,
            {
              type: 'urn:atrium:problem:possible-duplicate',
              title: 'Conflict',
              status: 409,
              detail: 'This contact may already exist',
              duplicates: [
                { id: 'first', name: 'Ada Lovelace', reasons: [{ code: 'same-phone', detail: 'both have +44 20 7946 0000' }] },
              ],
            },
            'application/problem+json',
          ),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateContactPage />, '/contacts/new', '/contacts/new', routes);
    await userEvent.type(screen.getByLabelText('First name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Phone'), '+44 20 7946 0000');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This may be a duplicate of Ada Lovelace (both have +44 20 7946 0000).');
    expect(within(alert).getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('/contacts/first');
    expect(api.calls).toHaveLength(1);
    expect(new URL(api.calls[0]!.url).searchParams.has('allowDuplicate')).toBe(false);

    await userEvent.click(within(alert).getByRole('button', { name: 'Create anyway' }));
    expect(await screen.findByText('record page')).toBeDefined();
    expect(api.calls).toHaveLength(2);
    const [first, retry] = api.calls;
    expect(new URL(retry!.url).searchParams.get('allowDuplicate')).toBe('true');
    expect(await retry!.clone().json()).toEqual(await first!.clone().json());
    // A new key: the same one would replay the first answer, the 409.
    expect(retry!.headers.get('Idempotency-Key')).not.toBe(first!.headers.get('Idempotency-Key'));
  });

  it('creates the contact and opens it', async () => {
    const api = fakeApi([[() => true, () => json(201, { id: 'new-id', version: 0, firstName: 'Ana' })]]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateContactPage />, '/contacts/new', '/contacts/new', routes);
    await userEvent.type(screen.getByLabelText('First name'), 'Ana');
    await userEvent.type(screen.getByLabelText('Email'), 'ana@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    expect(await screen.findByText('record page')).toBeDefined();
    const body = await api.calls[0]!.clone().json();
    expect(body).toMatchObject({ firstName: 'Ana', emails: [{ address: 'ana@example.com', primary: true }] });
    expect(api.calls[0]!.headers.get('Idempotency-Key')).toBeTruthy();
  });
});

describe('validate', () => {
  it('needs a name or an email', () => {
    expect(validate({ firstName: '', lastName: '', email: '', phone: '', jobTitle: '' }).form).toBeDefined();
    expect(validate({ firstName: 'A', lastName: '', email: '', phone: '', jobTitle: '' })).toEqual({});
  });
});
