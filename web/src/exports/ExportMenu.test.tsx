import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SupportQueuePage, TICKET_EXPORT_COLUMNS } from '../support/SupportQueuePage';
import { ExportMenu } from './ExportMenu';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Answers the export with a small file, and lets saveBlob run (jsdom has no object URLs). */
function exporting(extra: Parameters<typeof fakeApi>[0] = []) {
  const api = fakeApi([
    [
      (url) => url.pathname.startsWith('/api/v1/exports/'),
      () =>
        new Response('Number\n1\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="tickets-2026-12-06.csv"' },
        }),
    ],
    ...extra,
  ]);
  vi.stubGlobal('fetch', api.fetchImpl);
  const saved: string[] = [];
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
  );
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  return { api, saved };
}

const exportsOf = (calls: Request[]) =>
  calls.filter((r) => new URL(r.url).pathname.startsWith('/api/v1/exports/')).map((r) => new URL(r.url));

describe('export menu on the other lists', () => {
  it("tickets: exports the queue's filters, one status, its columns, from the support queue", async () => {
    const { api, saved } = exporting([
      [(url) => url.pathname === '/api/v1/tickets', () => json(200, { items: [], next: null })],
      [(url) => url.pathname === '/api/v1/teams', () => json(200, { items: [] })],
    ]);
    renderAt(<SupportQueuePage />, '/support?status=open&priority=high&mine=1&breached=1', '/support');
    await screen.findByText('No ticket matches these filters.');

    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Export CSV' }));
    await waitFor(() => expect(saved).toEqual(['tickets-2026-12-06.csv']));
    const [url] = exportsOf(api.calls);
    expect(url!.pathname).toBe('/api/v1/exports/tickets');
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      status: 'open',
      priority: 'high',
      assignee: 'sales',
      breached: 'true',
      sort: 'resolutionDue',
      columns: TICKET_EXPORT_COLUMNS.join(','),
      format: 'csv',
    });
  });

  it('tickets: "Unresolved" is three statuses, which the export cannot take: the menu says so and exports nothing', async () => {
    const { api } = exporting([
      [(url) => url.pathname === '/api/v1/tickets', () => json(200, { items: [], next: null })],
      [(url) => url.pathname === '/api/v1/teams', () => json(200, { items: [] })],
    ]);
    renderAt(<SupportQueuePage />, '/support', '/support');
    await screen.findByText(/the queue is clear/);

    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByText(/pick a status \(or All statuses\) to export/)).toBeDefined();
    const csv = await screen.findByRole('menuitem', { name: 'Export CSV' });
    expect(csv.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(csv);
    expect(exportsOf(api.calls)).toEqual([]);
  });

  it("activities: a record's timeline exports its activities in the kind's default columns (none sent)", async () => {
    const { api } = exporting();
    renderAt(
      <ExportMenu kind="activities" label="Export activities" filters={{ contactId: 'c-1', sort: '-occurred' }} columns={[]} />,
      '/contacts/c-1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export activities' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Export XLSX' }));
    await waitFor(() => expect(exportsOf(api.calls)).toHaveLength(1));
    const [url] = exportsOf(api.calls);
    expect(url!.pathname).toBe('/api/v1/exports/activities');
    expect(Object.fromEntries(url!.searchParams)).toEqual({ contactId: 'c-1', sort: '-occurred', format: 'xlsx' });
    expect(api.calls.at(-1)!.headers.get('Accept')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
