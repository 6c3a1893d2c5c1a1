import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContactsPage } from '../contacts/ContactsPage';
import { fakeApi, json, renderAt } from '../test/render';
import { setTimeZone } from '../test/timeZone';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const nancy = {
  id: '00000000-0000-0000-0000-000000000001',
  version: 1,
  firstName: 'Nancy',
  lastName: 'Davolio',
  emails: [{ address: 'nancy@northwind.example', primary: true }],
  lifecycleStage: 'customer',
  tags: ['vip'],
  createdAt: '2026-01-02T10:00:00Z',
  updatedAt: '2026-01-03T10:00:00Z',
};

const myView = {
  id: 'view-mine',
  version: 3,
  ownerId: 'sales',
  mine: true,
  recordType: 'contacts',
  name: 'VIP customers',
  filters: { lifecycleStage: 'customer', tag: 'vip' },
  columns: ['name', 'stage'],
  shared: false,
};
const theirView = {
  id: 'view-theirs',
  version: 1,
  ownerId: 'manager',
  mine: false,
  recordType: 'contacts',
  name: 'Team leads',
  filters: { lifecycleStage: 'lead' },
  columns: [],
  shared: true,
};

function api(views: unknown[] = [myView, theirView], extra: Parameters<typeof fakeApi>[0] = []) {
  return fakeApi([
    ...extra,
    [(url) => url.pathname === '/api/v1/views', () => json(200, { items: views, next: null })],
    [(url) => url.pathname === '/api/v1/contacts', () => json(200, { items: [nancy], next: null })],
  ]);
}

const contactLists = (calls: Request[]) =>
  calls.filter((r) => new URL(r.url).pathname === '/api/v1/contacts').map((r) => new URL(r.url).searchParams);
const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent);

describe('contacts list filters, columns and saved views', () => {
  it('applies the filters in the URL to the API and shows the chosen columns in their order', async () => {
    const fake = api([]);
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts?stage=customer&tag=vip&cols=stage,name', '/contacts');

    await screen.findByRole('link', { name: 'Nancy Davolio' });
    expect(headers()).toEqual(['Stage', 'Name']);
    const query = contactLists(fake.calls).at(-1)!;
    expect(query.get('lifecycleStage')).toBe('customer');
    expect(query.get('tag')).toBe('vip');
    expect(query.get('sort')).toBe('name');
    expect((screen.getByLabelText('Lifecycle stage') as HTMLSelectElement).value).toBe('customer');
  });

  it('filters by stage and hides, shows and moves columns', async () => {
    const fake = api([]);
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts');
    await screen.findByRole('link', { name: 'Nancy Davolio' });
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText('Lifecycle stage'), 'lead');
    await waitFor(() => expect(contactLists(fake.calls).at(-1)!.get('lifecycleStage')).toBe('lead'));

    expect(headers()).toEqual(['Name', 'Email', 'Phone', 'Job title', 'Stage', 'Updated']);
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const chooser = screen.getByRole('list', { name: 'Columns to show' });
    // The name column cannot be hidden: its checkbox stays in the tab order, unavailable, and says why.
    const name = within(chooser).getByRole('checkbox', { name: 'Name' }) as HTMLInputElement;
    expect(name.disabled).toBe(false);
    expect(name.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Always shown: it opens the record.',
    );
    await user.tab();
    expect(document.activeElement).toBe(name);
    await user.keyboard(' ');
    await user.click(name);
    expect(name.checked).toBe(true);
    expect(headers()).toEqual(['Name', 'Email', 'Phone', 'Job title', 'Stage', 'Updated']);
    await user.click(within(chooser).getByRole('checkbox', { name: 'Email' }));
    await user.click(within(chooser).getByRole('checkbox', { name: 'Tags' }));
    expect(headers()).toEqual(['Name', 'Phone', 'Job title', 'Stage', 'Updated', 'Tags']);
    await user.click(within(chooser).getByRole('button', { name: 'Move Tags earlier' }));
    expect(headers()).toEqual(['Name', 'Phone', 'Job title', 'Stage', 'Tags', 'Updated']);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('list', { name: 'Columns to show' })).toBeNull();
  });

  it('opens a saved view: its filters and columns', async () => {
    const fake = api();
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts');
    await screen.findByRole('option', { name: 'VIP customers' });

    await userEvent.selectOptions(screen.getByLabelText('Saved view'), 'view-mine');
    await waitFor(() => expect(headers()).toEqual(['Name', 'Stage']));
    expect(contactLists(fake.calls).at(-1)!.get('lifecycleStage')).toBe('customer');
    expect((screen.getByLabelText('Tag') as HTMLInputElement).value).toBe('vip');
    expect(screen.getByRole('button', { name: 'Update view' })).toHaveProperty('disabled', true);

    // A colleague's shared view is read-only here.
    await userEvent.selectOptions(screen.getByLabelText('Saved view'), 'view-theirs');
    expect(await screen.findByText(/Shared by a colleague: read-only/)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Update view' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete view' })).toBeNull();
  });

  it('saves the current filters and columns as a new view, checking the name first and taking the server’s problem', async () => {
    const posts: { body: Record<string, unknown>; key: string | null }[] = [];
    const fake = api(
      [],
      [
        [
          (url, r) => url.pathname === '/api/v1/views' && r.method === 'POST',
          (_url, r) => {
            posts.push({ body: {}, key: r.headers.get('Idempotency-Key') });
            return json(
              400,
              { status: 400, title: 'Invalid request', errors: [{ field: 'name', message: 'must be at most 100 characters' }] },
              'application/problem+json',
            );
          },
        ],
      ],
    );
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts?stage=lead&cols=name,email', '/contacts');
    await screen.findByRole('link', { name: 'Nancy Davolio' });
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Save as new view' }));
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    expect(await screen.findByText('Give the view a name.')).toBeDefined();
    expect(posts).toHaveLength(0);

    await user.type(screen.getByLabelText('View name'), 'My leads');
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    expect(await screen.findByText('must be at most 100 characters')).toBeDefined();
    expect(screen.getByLabelText('View name').getAttribute('aria-invalid')).toBe('true');
    const sent = fake.calls.find((r) => r.method === 'POST')!;
    expect(await sent.clone().json()).toEqual({
      recordType: 'contacts',
      name: 'My leads',
      shared: false,
      filters: { lifecycleStage: 'lead' },
      columns: ['name', 'email'],
    });
    expect(posts[0]!.key).toMatch(/[0-9a-f-]{36}/);
  });

  it('selects the view it saved', async () => {
    const created = { ...myView, id: 'view-new', version: 1, name: 'My leads', filters: { lifecycleStage: 'lead' }, columns: ['name'], shared: true };
    const saved: unknown[] = [];
    const fake = api(
      [],
      [
        [(url, r) => url.pathname === '/api/v1/views' && r.method === 'POST', () => (saved.push(created), json(201, created))],
        [(url) => url.pathname === '/api/v1/views', () => json(200, { items: saved, next: null })],
      ],
    );
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts?stage=lead&cols=name', '/contacts');
    await screen.findByRole('link', { name: 'Nancy Davolio' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save as new view' }));
    await user.type(screen.getByLabelText('View name'), 'My leads');
    await user.click(screen.getByLabelText('Share with colleagues'));
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    expect(await screen.findByText('View “My leads” saved.')).toBeDefined();
    // The URL names it (react-router navigates in a transition, after the message).
    await waitFor(() => expect((screen.getByLabelText('Saved view') as HTMLSelectElement).value).toBe('view-new'));
    expect(screen.getByRole('button', { name: 'Shared' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('pages through the views API to the end, so a view past the first page can be picked', async () => {
    // 250 views by name; the API answers at most `limit` of them and a cursor to the rest.
    const views = Array.from({ length: 250 }, (_, i) => ({
      ...theirView,
      id: `view-${i}`,
      name: `View ${String(i).padStart(3, '0')}`,
      filters: { tag: `tag-${i}` },
    }));
    const fake = api(
      [],
      [
        [
          (url) => url.pathname === '/api/v1/views',
          (url) => {
            const from = Number(url.searchParams.get('after') ?? '0');
            const limit = Math.min(Number(url.searchParams.get('limit') ?? '50'), 200);
            const next = from + limit < views.length ? String(from + limit) : null;
            return json(200, { items: views.slice(from, from + limit), next });
          },
        ],
      ],
    );
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<ContactsPage />, '/contacts', '/contacts');

    await screen.findByRole('option', { name: 'View 249' });
    expect(within(screen.getByRole('group', { name: 'Shared with me' })).getAllByRole('option')).toHaveLength(250);
    const pages = fake.calls
      .filter((r) => new URL(r.url).pathname === '/api/v1/views')
      .map((r) => new URL(r.url).searchParams.get('after'));
    expect(pages).toEqual([null, '200']);

    await userEvent.selectOptions(screen.getByLabelText('Saved view'), 'view-230');
    await waitFor(() => expect(contactLists(fake.calls).at(-1)!.get('tag')).toBe('tag-230'));
  });

  it('saves a date filter as the days chosen and asks the API from the local midnights of whoever opens it', async () => {
    const restoreZone = setTimeZone('America/Los_Angeles');
    try {
      // A view a colleague in Berlin saved before days were kept as such: Berlin's midnights of 1 March and 1 April.
      const legacy = {
        ...theirView,
        id: 'view-legacy',
        name: 'March (old)',
        filters: { createdFrom: '2026-02-28T23:00:00Z', createdTo: '2026-03-31T22:00:00Z' },
      };
      const fake = api(
        [legacy],
        [[(url, r) => url.pathname === '/api/v1/views' && r.method === 'POST', () => json(201, { ...myView, id: 'view-new', name: 'March' })]],
      );
      vi.stubGlobal('fetch', fake.fetchImpl);
      renderAt(<ContactsPage />, '/contacts?from=2026-03-01&to=2026-03-31', '/contacts');
      await screen.findByRole('link', { name: 'Nancy Davolio' });
      // The list: from Los Angeles' midnight on 1 March to its midnight after 31 March (summer time by then).
      expect(contactLists(fake.calls).at(-1)!.get('createdFrom')).toBe('2026-03-01T08:00:00.000Z');
      expect(contactLists(fake.calls).at(-1)!.get('createdTo')).toBe('2026-04-01T07:00:00.000Z');

      const user = userEvent.setup();
      await user.click(screen.getByRole('button', { name: 'Save as new view' }));
      await user.type(screen.getByLabelText('View name'), 'March');
      await user.click(screen.getByRole('button', { name: 'Save view' }));
      expect(await screen.findByText('View “March” saved.')).toBeDefined();
      const sent = await fake.calls.find((r) => r.method === 'POST')!.clone().json();
      expect(sent.filters).toEqual({ createdFrom: '2026-03-01T00:00:00Z', createdTo: '2026-04-01T00:00:00Z' });

      // The old view still opens on its days.
      await user.selectOptions(screen.getByLabelText('Saved view'), 'view-legacy');
      await waitFor(() => expect((screen.getByLabelText('Created from') as HTMLInputElement).value).toBe('2026-03-01'));
      expect((screen.getByLabelText('Created to') as HTMLInputElement).value).toBe('2026-03-31');
    } finally {
      restoreZone();
    }
  });

  it('updates its own view with If-Match, clearing filters it no longer has, and deletes it', async () => {
    let stored: typeof myView | null = myView;
    const fake = api(
      [],
      [
        [
          (url, r) => url.pathname === '/api/v1/views/view-mine' && r.method === 'PATCH',
          () => json(200, (stored = { ...myView, version: 4, filters: { lifecycleStage: 'customer' } as typeof myView.filters })),
        ],
        [
          (url, r) => url.pathname === '/api/v1/views/view-mine' && r.method === 'DELETE',
          () => ((stored = null), new Response(null, { status: 204 })),
        ],
        [(url) => url.pathname === '/api/v1/views', () => json(200, { items: stored ? [stored] : [], next: null })],
      ],
    );
    vi.stubGlobal('fetch', fake.fetchImpl);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderAt(<ContactsPage />, '/contacts?view=view-mine&stage=customer&cols=name,stage', '/contacts');
    const user = userEvent.setup();
    await waitFor(() => expect((screen.getByLabelText('Saved view') as HTMLSelectElement).value).toBe('view-mine'));
    expect(await screen.findByText('Changed since saved.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Update view' }));
    expect(await screen.findByText('View “VIP customers” updated.')).toBeDefined();
    const patch = fake.calls.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.headers.get('Content-Type')).toBe('application/merge-patch+json');
    const body = await patch.clone().json();
    expect(body.filters).toMatchObject({ lifecycleStage: 'customer', tag: null, q: null });
    expect(body.columns).toEqual(['name', 'stage']);

    await user.click(screen.getByRole('button', { name: 'Delete view' }));
    expect(await screen.findByText('View “VIP customers” deleted.')).toBeDefined();
    const del = fake.calls.find((r) => r.method === 'DELETE')!;
    expect(del.headers.get('If-Match')).toBe('"4"');
    expect((screen.getByLabelText('Saved view') as HTMLSelectElement).value).toBe('');
  });
});
