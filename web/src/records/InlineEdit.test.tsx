import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContactPage } from '../contacts/ContactPage';
import type { Contact } from '../contacts/format';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const ID = '00000000-0000-0000-0000-000000000007';

function nancy(version: number, extra: Partial<Contact> = {}): Contact {
  return {
    id: ID,
    version,
    firstName: 'Nancy',
    lastName: 'Davolio',
    jobTitle: 'Head of Purchasing',
    emails: [{ address: 'nancy@northwind.example', primary: true }],
    phones: [],
    tags: [],
    ...extra,
  } as Contact;
}

/** A JSON answer with the ETag the services send: the version. */
function withEtag(body: Contact): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ETag: `"${body.version}"` },
  });
}

/** The record's other panels (timeline, tasks, deals, tickets) answer empty. */
const empty: Parameters<typeof fakeApi>[0] = [
  [(url) => ['/api/v1/timeline', '/api/v1/tasks', '/api/v1/deals', '/api/v1/tickets'].includes(url.pathname), () => json(200, { items: [] })],
];

describe('inline edit on the contact record', () => {
  it('edits a field in place and saves it as a merge patch with If-Match from the ETag', async () => {
    const api = fakeApi([
      [(url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'GET', () => withEtag(nancy(3))],
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'PATCH',
        () => withEtag(nancy(4, { jobTitle: 'Chief Buyer' })),
      ],
      ...empty,
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ContactPage />, `/contacts/${ID}`, '/contacts/:id');

    await userEvent.click(await screen.findByRole('button', { name: 'Head of Purchasing, edit job title' }));
    const input = screen.getByLabelText('Job title');
    // Escape leaves it unchanged.
    await userEvent.type(input, ' X{Escape}');
    expect(screen.queryByLabelText('Job title')).toBeNull();
    expect(api.calls.some((r) => r.method === 'PATCH')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Head of Purchasing, edit job title' }));
    await userEvent.clear(screen.getByLabelText('Job title'));
    await userEvent.type(screen.getByLabelText('Job title'), 'Chief Buyer{Enter}');

    expect(await screen.findByRole('button', { name: 'Chief Buyer, edit job title' })).toBeDefined();
    const patch = api.calls.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.headers.get('Content-Type')).toContain('application/merge-patch+json');
    expect(await patch.clone().json()).toEqual({ jobTitle: 'Chief Buyer' });
  });

  it('puts a validation problem on the field', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [(url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'GET', () => withEtag(nancy(3))],
        [
          (url, r) => r.method === 'PATCH' && url.pathname === `/api/v1/contacts/${ID}`,
          () =>
            json(
              400,
              { type: 'urn:atrium:problem:validation', title: 'Invalid request', status: 400, errors: [{ field: 'jobTitle', message: 'size must be between 0 and 200' }] },
              'application/problem+json',
            ),
        ],
        ...empty,
      ]).fetchImpl,
    );
    renderAt(<ContactPage />, `/contacts/${ID}`, '/contacts/:id');
    await userEvent.click(await screen.findByRole('button', { name: 'Head of Purchasing, edit job title' }));
    await userEvent.type(screen.getByLabelText('Job title'), '!{Enter}');
    expect(await screen.findByText('size must be between 0 and 200')).toBeDefined();
    expect(screen.getByLabelText('Job title').getAttribute('aria-invalid')).toBe('true');
  });

  it('on 412, when the latest version cannot be read, says so on the field instead of failing silently', async () => {
    let reads = 0;
    const api = fakeApi([
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'GET',
        () =>
          reads++ === 0
            ? withEtag(nancy(3))
            : json(503, { title: 'Service unavailable', status: 503, detail: 'contact-service is restarting' }, 'application/problem+json'),
      ],
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'PATCH',
        () => json(412, { type: 'urn:atrium:problem:precondition-failed', title: 'Precondition failed', status: 412 }, 'application/problem+json'),
      ],
      ...empty,
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ContactPage />, `/contacts/${ID}`, '/contacts/:id');

    await userEvent.click(await screen.findByRole('button', { name: 'Head of Purchasing, edit job title' }));
    await userEvent.clear(screen.getByLabelText('Job title'));
    await userEvent.type(screen.getByLabelText('Job title'), 'Chief Buyer{Enter}');

    expect(await screen.findByText(/Someone saved this record first, and its latest version could not be loaded/)).toBeDefined();
  });

  it('on 412 shows what changed on the server and re-applies the change onto the current version', async () => {
    let reads = 0;
    const api = fakeApi([
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'GET',
        // A colleague renamed her between our read and our save.
        () => withEtag(reads++ === 0 ? nancy(3) : nancy(5, { lastName: 'Davolio-King' })),
      ],
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'PATCH' && r.headers.get('If-Match') === '"3"',
        () => json(412, { type: 'urn:atrium:problem:precondition-failed', title: 'Precondition failed', status: 412, currentEtag: '"5"' }, 'application/problem+json'),
      ],
      [
        (url, r) => url.pathname === `/api/v1/contacts/${ID}` && r.method === 'PATCH' && r.headers.get('If-Match') === '"5"',
        () => withEtag(nancy(6, { lastName: 'Davolio-King', jobTitle: 'Chief Buyer' })),
      ],
      ...empty,
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ContactPage />, `/contacts/${ID}`, '/contacts/:id');

    await userEvent.click(await screen.findByRole('button', { name: 'Head of Purchasing, edit job title' }));
    await userEvent.clear(screen.getByLabelText('Job title'));
    await userEvent.type(screen.getByLabelText('Job title'), 'Chief Buyer{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else changed this record');
    expect(within(alert).getByRole('listitem').textContent).toBe('Last name: “Davolio” → “Davolio-King”');
    // The page shows the current record meanwhile.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Nancy Davolio-King');

    await userEvent.click(within(alert).getByRole('button', { name: 'Re-apply my change' }));
    expect(await screen.findByRole('button', { name: 'Chief Buyer, edit job title' })).toBeDefined();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    const patches = api.calls.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.headers.get('If-Match'))).toEqual(['"3"', '"5"']);
    expect(await patches[1]!.clone().json()).toEqual({ jobTitle: 'Chief Buyer' });
  });
});
