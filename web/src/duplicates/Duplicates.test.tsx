import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { DuplicatesPage } from './DuplicatesPage';
import { MergePage } from './MergePage';
import { ContactPage } from '../contacts/ContactPage';
import { RouteNotice } from '../components/RouteNotice';
import { SessionProvider } from '../auth/AuthContext';
import { fakeApi, json, renderAt, testSession } from '../test/render';
import type { ContactView } from './contract';

afterEach(() => vi.unstubAllGlobals());

const A = '00000000-0000-0000-0000-00000000000a';
const B = '00000000-0000-0000-0000-00000000000b';
const C = '00000000-0000-0000-0000-00000000000c';

function contact(id: string, version: number, extra: Partial<ContactView> = {}): ContactView {
  return { id, version, emails: [], phones: [], tags: [], ...extra };
}
const ada = contact(A, 3, {
  firstName: 'Ada',
  lastName: 'Lovelace',
  jobTitle: 'Analyst',
  emails: [{ address: 'ada@example.org', primary: true }],
  tags: ['vip'],
});
const ada2 = contact(B, 5, {
  firstName: 'Ada',
  lastName: 'King',
  jobTitle: 'Countess',
  leadSource: 'webinar',
  emails: [{ address: 'ada@example.org' }, { address: 'ada.king@example.org' }],
  phones: [{ number: '+44 20 7946 0000' }],
});
const grace = contact(C, 1, { firstName: 'Grace', lastName: 'Hopper', emails: [{ address: 'grace@example.org' }] });
const grace2 = contact('00000000-0000-0000-0000-00000000000d', 1, { firstName: 'Grace', lastName: 'Hoper' });

/** A JSON answer with the ETag the services send: the version. */
function withEtag(body: ContactView): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ETag: `"${body.version}"` },
  });
}

/** The record page's other panels answer empty. */
const emptyPanels: Parameters<typeof fakeApi>[0] = [
  [
    (url) => ['/api/v1/timeline', '/api/v1/tasks', '/api/v1/deals', '/api/v1/tickets'].includes(url.pathname),
    () => json(200, { items: [] }),
  ],
];

/** Where the router is, for the tests that follow a route change. */
function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}

function renderRoutes(path: string, routes: React.ReactNode) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionProvider session={testSession}>
      <QueryClientProvider client={queries}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>{routes}</Routes>
          <Where />
          <RouteNotice />
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('DuplicatesPage', () => {
  it('lists the pairs with their score and reasons, and “Not duplicates” dismisses a pair', async () => {
    let dismissed = false;
    const api = fakeApi([
      [
        (url, r) => url.pathname === '/api/v1/contacts/duplicates/dismissals' && r.method === 'POST',
        () => {
          dismissed = true;
          return new Response(null, { status: 204 });
        },
      ],
      [
        (url) => url.pathname === '/api/v1/contacts/duplicates',
        () =>
          json(200, {
            items: [
              {
                score: 0.93,
                reasons: [{ code: 'same-email', detail: 'both have ada@example.org' }],
                records: [ada, ada2],
              },
              ...(dismissed
                ? []
                : [
                    {
                      score: 0.71,
                      reasons: [{ code: 'similar-name-same-company', detail: 'Grace Hopper and Grace Hoper at Navy' }],
                      records: [grace, grace2],
                    },
                  ]),
            ],
            next: null,
          }),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<DuplicatesPage kind="contacts" />, '/contacts/duplicates');

    const first = await screen.findByRole('article', { name: '“Ada Lovelace” and “Ada King”' });
    expect(within(first).getByText('93 % alike')).toBeDefined();
    expect(within(first).getByText('both have ada@example.org')).toBeDefined();
    expect(within(first).getByRole('link', { name: 'Ada King' }).getAttribute('href')).toBe(`/contacts/${B}`);
    expect(within(first).getByRole('link', { name: 'Merge…' }).getAttribute('href')).toBe(
      `/contacts/merge?survivor=${A}&duplicate=${B}`,
    );
    const second = screen.getByRole('article', { name: '“Grace Hopper” and “Grace Hoper”' });
    expect(within(second).getByText('71 % alike')).toBeDefined();
    expect(new URL(api.calls[0]!.url).searchParams.get('limit')).toBe('25');

    await userEvent.click(within(second).getByRole('button', { name: 'Not duplicates' }));
    expect(await screen.findByText('“Grace Hopper” and “Grace Hoper”: marked as not duplicates.')).toBeDefined();
    expect(screen.queryByRole('article', { name: '“Grace Hopper” and “Grace Hoper”' })).toBeNull();
    const dismissal = api.calls.find((r) => r.method === 'POST')!;
    expect(await dismissal.clone().json()).toEqual({ ids: [C, grace2.id] });
  });

  it('says so when there are none', async () => {
    vi.stubGlobal('fetch', fakeApi([[() => true, () => json(200, { items: [], next: null })]]).fetchImpl);
    renderAt(<DuplicatesPage kind="companies" />, '/companies/duplicates');
    expect(await screen.findByText('No likely duplicates.')).toBeDefined();
    expect(screen.getByRole('heading', { level: 1, name: 'Duplicate companies' })).toBeDefined();
  });
});

describe('MergePage', () => {
  function mergeApi(onMerge: (request: Request) => Response) {
    return fakeApi([
      [(url, r) => url.pathname === `/api/v1/contacts/${A}/merge` && r.method === 'POST', (_u, r) => onMerge(r)],
      [(url) => url.pathname === `/api/v1/contacts/${A}`, () => withEtag(ada)],
      [(url) => url.pathname === `/api/v1/contacts/${B}`, () => withEtag(ada2)],
      [(url) => url.pathname === `/api/v1/contacts/${A}/duplicates`, () => json(200, { items: [] })],
      ...emptyPanels,
    ]);
  }

  it('picks a field from the duplicate, shows what is united, merges with If-Match and lands on the survivor', async () => {
    const api = mergeApi(() =>
      withEtag({ ...ada, version: 4, jobTitle: 'Countess', leadSource: 'webinar', emails: [...ada.emails!, { address: 'ada.king@example.org' }] }),
    );
    vi.stubGlobal('fetch', api.fetchImpl);
    renderRoutes(
      `/contacts/merge?survivor=${A}&duplicate=${B}`,
      <>
        <Route path="/contacts/merge" element={<MergePage kind="contacts" />} />
        <Route path="/contacts/:id" element={<ContactPage />} />
      </>,
    );

    // One group per field that differs, starting where the service would.
    const lastName = await screen.findByRole('group', { name: 'Last name' });
    expect(within(lastName).getByRole('radio', { name: 'Lovelace (from Ada Lovelace, which stays)' })).toHaveProperty('checked', true);
    const source = screen.getByRole('group', { name: 'Lead source' });
    expect(within(source).getByRole('radio', { name: 'webinar (from Ada King, merged into it)' })).toHaveProperty('checked', true);
    expect(screen.queryByRole('group', { name: 'First name' })).toBeNull();
    // United, not picked.
    const united = screen.getByRole('region', { name: 'Will be kept from both' });
    expect(within(united).getByText('ada@example.org, ada.king@example.org')).toBeDefined();
    expect(within(united).getByText('+44 20 7946 0000')).toBeDefined();

    await userEvent.click(
      within(screen.getByRole('group', { name: 'Job title' })).getByRole('radio', { name: 'Countess (from Ada King, merged into it)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));

    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/contacts/${A}`));
    expect(await screen.findByText('Merged “Ada King” into “Ada Lovelace”.')).toBeDefined();
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeDefined();
    const request = api.calls.find((r) => r.method === 'POST')!;
    expect(request.headers.get('If-Match')).toBe('"3"');
    expect(await request.clone().json()).toEqual({
      duplicateId: B,
      duplicateVersion: 5,
      keep: { lastName: 'survivor', jobTitle: 'duplicate', leadSource: 'duplicate' },
    });
  });

  it('swaps which record stays, keeping the values picked; a version conflict reads both again', async () => {
    let merges = 0;
    const api = fakeApi([
      [
        (url, r) => url.pathname.endsWith('/merge') && r.method === 'POST',
        () => {
          merges++;
          return json(409, { type: 'urn:atrium:problem:version-mismatch', title: 'Conflict', status: 409, detail: 'version 5 is not current' }, 'application/problem+json');
        },
      ],
      [(url) => url.pathname === `/api/v1/contacts/${A}`, () => withEtag(ada)],
      [(url) => url.pathname === `/api/v1/contacts/${B}`, () => withEtag(ada2)],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderRoutes(`/contacts/merge?survivor=${A}&duplicate=${B}`, <Route path="/contacts/merge" element={<MergePage kind="contacts" />} />);

    await userEvent.click(
      within(await screen.findByRole('group', { name: 'Last name' })).getByRole('radio', { name: /^King/ }),
    );
    await userEvent.click(
      within(screen.getByRole('group', { name: 'Which contact stays' })).getByRole('radio', { name: /Ada King/ }),
    );
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/contacts/merge?survivor=${B}&duplicate=${A}`));
    // King stays picked, now as the survivor's value.
    expect(
      within(screen.getByRole('group', { name: 'Last name' })).getByRole('radio', { name: 'King (from Ada King, which stays)' }),
    ).toHaveProperty('checked', true);

    const reads = api.calls.filter((r) => r.method === 'GET').length;
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    expect(await screen.findByText(/changed since this page read them/)).toBeDefined();
    expect(merges).toBe(1);
    const post = api.calls.find((r) => r.method === 'POST')!;
    expect(new URL(post.url).pathname).toBe(`/api/v1/contacts/${B}/merge`);
    expect(post.headers.get('If-Match')).toBe('"5"');
    expect(await post.clone().json()).toMatchObject({ duplicateId: A, duplicateVersion: 3, keep: { lastName: 'survivor' } });
    await waitFor(() => expect(api.calls.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(reads + 2));
  });
});

describe('a merged-away record', () => {
  it("follows the 301 to the survivor and replaces the route with the survivor's address", async () => {
    // The browser's fetch follows the 301: the merged-away id's GET answers the survivor.
    const api = fakeApi([
      [(url) => url.pathname === `/api/v1/contacts/${B}`, () => withEtag(ada)],
      [(url) => url.pathname === `/api/v1/contacts/${A}`, () => withEtag(ada)],
      [(url) => url.pathname.endsWith('/duplicates'), () => json(200, { items: [] })],
      ...emptyPanels,
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderRoutes(`/contacts/${B}`, <Route path="/contacts/:id" element={<ContactPage />} />);

    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe(`/contacts/${A}`));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeDefined();
    expect(screen.getByText('The contact you opened was merged into this one.')).toBeDefined();
    // Edits from here on go to the survivor's own address.
    await userEvent.click(screen.getByRole('button', { name: 'Analyst, edit job title' }));
    await userEvent.type(screen.getByLabelText('Job title'), ' Lead{Enter}');
    await waitFor(() => expect(api.calls.some((r) => r.method === 'PATCH')).toBe(true));
    expect(new URL(api.calls.find((r) => r.method === 'PATCH')!.url).pathname).toBe(`/api/v1/contacts/${A}`);
    // The toast goes when dismissed.
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('The contact you opened was merged into this one.')).toBeNull();
  });

  it('says "Possible duplicates" on the record page, with a link to the merge', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [
          (url) => url.pathname === `/api/v1/contacts/${A}/duplicates`,
          () => json(200, { items: [{ score: 0.9, reasons: [{ code: 'same-email', detail: 'both have ada@example.org' }], records: [ada, ada2] }] }),
        ],
        [(url) => url.pathname === `/api/v1/contacts/${A}`, () => withEtag(ada)],
        ...emptyPanels,
      ]).fetchImpl,
    );
    renderRoutes(`/contacts/${A}`, <Route path="/contacts/:id" element={<ContactPage />} />);
    const notice = await screen.findByRole('region', { name: 'Possible duplicates' });
    expect(within(notice).getByRole('link', { name: 'Ada King' }).getAttribute('href')).toBe(`/contacts/${B}`);
    expect(within(notice).getByText(/both have ada@example.org/)).toBeDefined();
    expect(within(notice).getByRole('link', { name: 'Merge… with Ada King' }).getAttribute('href')).toBe(
      `/contacts/merge?survivor=${A}&duplicate=${B}`,
    );
  });
});
