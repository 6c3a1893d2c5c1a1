import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ReportsSection from './ReportsSection';
import { describeLag, readModelFreshness, rebuildState } from './freshness';
import { fakeApi, json, renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('report freshness', () => {
  it('makes each view as fresh as its least recent topic, with the lags summed', () => {
    const topics = [
      { topic: 'crm.deal', newestEventTime: '2026-03-01T10:00:00Z', ageSeconds: 60, lag: 2 },
      { topic: 'crm.pipeline', newestEventTime: '2026-03-01T09:00:00Z', ageSeconds: 3600, lag: 0 },
      { topic: 'crm.ticket', lag: 0 },
      { topic: 'crm.contact', newestEventTime: '2026-03-01T08:00:00Z' },
    ];
    const [pipeline, support, marketing] = readModelFreshness(
      [
        { id: 'p', title: 'Pipeline', topics: ['crm.deal', 'crm.pipeline'] },
        { id: 's', title: 'Support', topics: ['crm.ticket'] },
        { id: 'm', title: 'Marketing', topics: ['crm.contact'] },
      ],
      topics,
    );
    expect(pipeline!.lastEvent!.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(pipeline!.lag).toBe(2);
    expect(support!.lastEvent).toBeNull();
    expect(support!.lag).toBe(0);
    expect(marketing!.lag).toBeNull();
    expect([describeLag(0), describeLag(1), describeLag(1200), describeLag(null)]).toEqual([
      'Up to date',
      '1 event behind',
      '1,200 events behind',
      'Unknown',
    ]);
  });

  it('follows a rebuild: building, then done when live, failed when it vanishes', () => {
    const live = { id: 3, schema: 'rm_3', status: 'live' as const };
    expect(rebuildState([live], null, true)).toEqual({ kind: 'idle' });
    expect(rebuildState([live, { id: 4, schema: 'rm_4', status: 'building' }], 4, true)).toEqual({ kind: 'running', id: 4 });
    // A list read before the rebuild started does not know it yet.
    expect(rebuildState([live], 4, false)).toEqual({ kind: 'running', id: 4 });
    expect(rebuildState([{ id: 4, schema: 'rm_4', status: 'live' }], 4, true)).toEqual({ kind: 'done', id: 4 });
    expect(rebuildState([live], 4, true)).toEqual({ kind: 'failed', id: 4 });
  });
});

function reportingService(generations: () => Response, start: () => Response) {
  return fakeApi([
    [
      (url) => url.pathname === '/api/v1/reports/freshness',
      () =>
        json(200, {
          topics: [
            { topic: 'crm.deal', newestEventTime: minutesAgo(3), ageSeconds: 180, lag: 0 },
            { topic: 'crm.pipeline', newestEventTime: minutesAgo(120), ageSeconds: 7200, lag: 5 },
            { topic: 'crm.ticket', lag: 0 },
          ],
        }),
    ],
    [(url, r) => url.pathname === '/api/v1/reports/rebuild' && r.method === 'GET', generations],
    [(url, r) => url.pathname === '/api/v1/reports/rebuild' && r.method === 'POST', start],
  ]);
}

describe('the reports admin screen', () => {
  it('shows each view’s freshness and each topic’s', async () => {
    const api = reportingService(() => json(200, { items: [{ id: 1, schema: 'rm_1', status: 'live' }] }), () => json(500, {}));
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ReportsSection />, '/admin/reports');
    const views = within(await screen.findByRole('table', { name: 'Freshness per report view' }));
    const pipeline = views.getByRole('row', { name: /Pipeline by stage/ });
    // As fresh as its least recent topic (crm.pipeline, 2 hours ago), 5 events behind.
    expect(within(pipeline).getByText('about 2 hours ago')).toBeTruthy();
    expect(within(pipeline).getByText('5 events behind')).toBeTruthy();
    expect(within(views.getByRole('row', { name: /Support backlog/ })).getByText('No events yet')).toBeTruthy();
    const topics = within(screen.getByRole('table', { name: 'Freshness per topic' }));
    expect(within(topics.getByRole('row', { name: /crm\.deal/ })).getByText('3 minutes ago')).toBeTruthy();
    expect(within(topics.getByRole('row', { name: /crm\.deal/ })).getByText('Up to date')).toBeTruthy();
    expect(await screen.findByText(/generation 1/)).toBeTruthy();
  });

  it('starts a rebuild only after confirming, shows its progress by polling, and says when it is done', async () => {
    let polls = 0;
    let started = false;
    const api = reportingService(
      () => {
        if (!started) return json(200, { items: [{ id: 1, schema: 'rm_1', status: 'live' }] });
        polls++;
        return json(200, {
          items:
            polls < 3
              ? [
                  { id: 1, schema: 'rm_1', status: 'live' },
                  { id: 2, schema: 'rm_2', status: 'building' },
                ]
              : [{ id: 2, schema: 'rm_2', status: 'live' }],
        });
      },
      () => {
        started = true;
        return json(202, { id: 2, schema: 'rm_2', status: 'building' });
      },
    );
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ReportsSection />, '/admin/reports');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rebuild reports…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rebuild every report view?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.calls.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Rebuild reports…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Start rebuild' }));
    expect(await screen.findByText('Rebuilding into generation 2…')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Rebuilding into generation 2' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Rebuild reports…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(await screen.findByText(/Rebuild finished.*generation 2 is live/)).toBeTruthy();
    expect(polls).toBe(3);
    expect(api.calls.filter((r) => r.method === 'POST')).toHaveLength(1);
    // Polling stops once it is done.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(polls).toBe(3);
  });

  it('says when the rebuild failed, and shows a refusal to start', async () => {
    let started = false;
    let attempt = 0;
    const api = reportingService(
      () => json(200, { items: [{ id: 1, schema: 'rm_1', status: 'live' }] }),
      () => {
        if (++attempt === 1)
          return json(503, { status: 503, title: 'Service Unavailable', detail: 'Kafka is not reachable' }, 'application/problem+json');
        started = true;
        return json(202, { id: 2, schema: 'rm_2', status: 'building' });
      },
    );
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<ReportsSection />, '/admin/reports');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rebuild reports…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Start rebuild' }));
    expect(await screen.findByText('The rebuild did not start: Kafka is not reachable')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Rebuild reports…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Start rebuild' }));
    // Generation 2 never shows up as building or live again: the service gave it up.
    await waitFor(() => expect(started).toBe(true));
    expect(await screen.findByText(/The rebuild into generation 2 failed; generation 1 keeps serving/)).toBeTruthy();
  });
});
