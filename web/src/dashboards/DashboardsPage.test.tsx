import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import DashboardsPage from './DashboardsPage';
import { fakeApi, json, renderAt } from '../test/render';
import { pivot, reports } from './reports';
import { setAccessTokenSource } from '../api/client';

const table = (columns: string[], items: Record<string, unknown>[]) => ({ columns, items });

/** What each report view answers in these tests (the reporting-service's columns, camelCase). */
const answers: Record<string, unknown> = {
  '/api/v1/reports/pipeline': table(
    ['pipeline', 'stage', 'currency', 'openDeals', 'total', 'weighted'],
    [
      { pipeline: 'Sales', stage: 'Qualified', currency: 'EUR', openDeals: 2, total: '1500.00', weighted: '150.00' },
      { pipeline: 'Sales', stage: 'Qualified', currency: 'USD', openDeals: 1, total: '900.00', weighted: '90.00' },
      { pipeline: 'Sales', stage: 'Proposal', currency: null, openDeals: 0, total: null, weighted: null },
    ],
  ),
  '/api/v1/reports/forecast': table(
    ['month', 'owner', 'currency', 'won', 'weightedOpen', 'bestCase'],
    [{ month: '2026-12', owner: 'sales', currency: 'EUR', won: '100.00', weightedOpen: '50.00', bestCase: '300.00' }],
  ),
  '/api/v1/reports/sales-performance': table(
    ['period', 'owner', 'currency', 'won', 'lost', 'averageSalesCycleDays'],
    [
      { period: '2026-11-01', owner: 'sales', currency: 'EUR', won: 3, lost: 1, averageSalesCycleDays: 10 },
      { period: '2026-11-01', owner: 'sales2', currency: 'EUR', won: 1, lost: 3, averageSalesCycleDays: 30 },
    ],
  ),
  '/api/v1/reports/activity': table(['period', 'owner', 'type', 'activities'], []),
  '/api/v1/reports/marketing/lifecycle': table(
    ['lifecycleStage', 'leadSource', 'contacts'],
    [{ lifecycleStage: 'lead', leadSource: 'web', contacts: 4 }],
  ),
  '/api/v1/reports/marketing/lead-sources': table(
    ['leadSource', 'currency', 'wonDeals', 'wonAmount'],
    [{ leadSource: 'web', currency: 'EUR', wonDeals: 1, wonAmount: '100.00' }],
  ),
};

function api(overrides: Record<string, () => Response> = {}) {
  return fakeApi([
    [(url) => url.pathname in overrides, (url) => overrides[url.pathname]!()],
    [
      (url) => url.pathname === '/api/v1/reports/freshness',
      () => json(200, { topics: [{ topic: 'crm.deal', newestEventTime: '2026-12-06T07:00:00Z', ageSeconds: 5 }] }),
    ],
    [
      (url) => url.pathname.startsWith('/api/v1/reports/support/'),
      () => json(403, { title: 'Forbidden', status: 403, detail: 'not for your role' }, 'application/problem+json'),
    ],
    [(url) => url.pathname in answers, (url) => json(200, answers[url.pathname])],
  ]);
}

const panel = (id: string) => document.querySelector<HTMLElement>(`[data-report="${id}"]`)!;

beforeEach(() => setAccessTokenSource(async () => 'test-token'));
afterEach(() => {
  setAccessTokenSource(null);
  vi.unstubAllGlobals();
});

describe('DashboardsPage', () => {
  it('renders one panel per report from the report JSON, with its numbers as a table for screen readers', async () => {
    const fake = api();
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderAt(<DashboardsPage />, '/dashboards');

    expect(screen.getByRole('heading', { level: 1, name: 'Dashboards' })).toBeTruthy();
    // (DOM queries rather than *ByRole here: role queries over eight panels are slow on a loaded machine.)
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(reports.map((r) => r.title));

    // Pipeline: one row per stage, one column per currency (a stage without deals shows zeros).
    await waitFor(() => expect(panel('pipeline').dataset.state).toBe('chart'));
    const pipeline = panel('pipeline').querySelector('table')!;
    expect(pipeline.querySelector('caption')?.textContent).toBe('Pipeline by stage');
    const cells = [...pipeline.querySelectorAll('tr')]
      .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(cells).toEqual([
      ['Stage', 'Open amount (EUR)', 'Open amount (USD)'],
      ['Qualified', '1500', '900'],
      ['Proposal', '0', '0'],
    ]);
    // Win rate: pooled over owners (4 of 8 closed deals won) and the cycle weighted by won deals ((3×10+1×30)/4).
    await waitFor(() => expect(panel('win-rate').dataset.state).toBe('chart'));
    const winRate = [...panel('win-rate').querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((c) => c.textContent),
    );
    expect(winRate).toEqual([['2026-11-01', '50', '15']]);
    // The freshness of the deal topic is shown on the deal-based panels.
    expect(within(panel('pipeline')).getByText(/As of/).querySelector('time')?.getAttribute('dateTime')).toBe(
      '2026-12-06T07:00:00.000Z',
    );
    // Each request carries the bearer token and asks for full pages.
    const pipelineCall = fake.calls.find((r) => new URL(r.url).pathname === '/api/v1/reports/pipeline')!;
    expect(pipelineCall.headers.get('Authorization')).toBe('Bearer test-token');
    expect(new URL(pipelineCall.url).searchParams.get('limit')).toBe('200');
  });

  it('shows a clear empty state for a report with no rows, and says so when the role may not read a report', async () => {
    vi.stubGlobal('fetch', api().fetchImpl);
    renderAt(<DashboardsPage />, '/dashboards');

    await waitFor(() => expect(panel('activity').dataset.state).toBe('empty'));
    expect(within(panel('activity')).getByText(/No data yet/)).toBeTruthy();
    await waitFor(() => expect(panel('support-backlog').dataset.state).toBe('forbidden'));
    expect(within(panel('support-backlog')).getByText(/Your role does not give access/)).toBeTruthy();
    expect(within(panel('support-backlog')).queryByRole('button', { name: /Download CSV/ })).toBeNull();
  });

  it('shows the problem when a report fails to load', async () => {
    vi.stubGlobal(
      'fetch',
      api({
        '/api/v1/reports/forecast': () =>
          json(503, { title: 'Service Unavailable', status: 503, detail: 'reports are rebuilding' }, 'application/problem+json'),
      }).fetchImpl,
    );
    renderAt(<DashboardsPage />, '/dashboards');

    const alert = await within(panel('forecast')).findByRole('alert');
    expect(alert.textContent).toBe('Could not load this report: reports are rebuilding');
    // The other panels are unaffected.
    await waitFor(() => expect(panel('pipeline').dataset.state).toBe('chart'));
  });

  it('downloads the API CSV with the bearer token and saves exactly its text', async () => {
    const csv = 'pipeline,stage,currency,openDeals,total\r\nSales,Qualified,EUR,2,1500.00\r\n';
    const fake = api({
      '/api/v1/reports/pipeline': () => json(200, answers['/api/v1/reports/pipeline']),
    });
    const withCsv = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(String(input), init);
      const url = new URL(request.url);
      if (url.searchParams.get('format') === 'csv') {
        fake.calls.push(request);
        return new Response(csv, { status: 200, headers: { 'Content-Type': 'text/csv' } });
      }
      return fake.fetchImpl(input, init);
    };
    vi.stubGlobal('fetch', withCsv);
    const saved: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      saved.push(blob);
      return 'blob:pipeline';
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    renderAt(<DashboardsPage />, '/dashboards');

    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV: Pipeline by stage' }));

    await waitFor(() => expect(clicks).toEqual(['pipeline.csv']));
    expect(await saved[0]!.text()).toBe(csv);
    const request = fake.calls.find((r) => new URL(r.url).searchParams.get('format') === 'csv')!;
    expect(new URL(request.url).pathname).toBe('/api/v1/reports/pipeline');
    expect(request.headers.get('Authorization')).toBe('Bearer test-token');
    click.mockRestore();
  });
});

describe('pivot', () => {
  it('sums per category and series, keeping first-seen order and filling gaps with zero', () => {
    const rows = [
      { m: 'a', c: 'EUR', v: 1 },
      { m: 'b', c: 'USD', v: 2 },
      { m: 'a', c: 'EUR', v: 3 },
    ];
    expect(pivot(rows, (r) => String(r.m), (r) => String(r.c), (r) => Number(r.v))).toEqual({
      data: [
        { label: 'a', EUR: 4, USD: 0 },
        { label: 'b', EUR: 0, USD: 2 },
      ],
      series: [
        { key: 'EUR', name: 'EUR' },
        { key: 'USD', name: 'USD' },
      ],
    });
  });
});
