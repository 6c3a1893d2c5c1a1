import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DealPage } from './DealPage';
import { fakeApi, json, renderAt } from '../test/render';
import { deal, stage } from './testData';

afterEach(() => vi.unstubAllGlobals());

describe('the deal record', () => {
  it('edits in place with If-Match, and on 412 shows what changed on the server and re-applies the change', async () => {
    const s0 = stage(0);
    const s1 = stage(1);
    const mine = deal(1, s0, { title: 'Fleet renewal', version: 3 });
    const theirs = { ...mine, version: 4, title: 'Fleet renewal 2027', updatedBy: 'manager' };
    let server = mine;
    const patches: Request[] = [];
    const api = fakeApi([
      [(url, r) => url.pathname === `/api/v1/deals/${mine.id}` && r.method === 'GET', () => json(200, server)],
      [
        (url, r) => url.pathname === `/api/v1/deals/${mine.id}` && r.method === 'PATCH',
        (_url, r) => {
          patches.push(r);
          if (r.headers.get('If-Match') !== `"${server.version}"`) {
            return json(
              412,
              { type: 'urn:atrium:problem:precondition-failed', title: 'Precondition failed', status: 412, currentEtag: `"${server.version}"` },
              'application/problem+json',
            );
          }
          server = { ...server, version: server.version! + 1, leadSource: 'Trade fair' };
          return json(200, server);
        },
      ],
      [
        (url) => url.pathname.endsWith('/stage-history'),
        () =>
          json(200, {
            items: [
              { toStageId: s0.id, toStageName: 'Qualified', changedAt: '2026-12-01T10:00:00Z', changedBy: 'sales' },
              {
                fromStageId: s0.id,
                fromStageName: 'Qualified',
                toStageId: s1.id,
                toStageName: 'Demo',
                changedAt: '2026-12-04T10:00:00Z',
                changedBy: 'sales',
                timeInPreviousStageMillis: 3 * 86_400_000,
              },
            ],
          }),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<DealPage />, `/deals/${mine.id}`, '/deals/:id');
    const user = userEvent.setup();

    await screen.findByRole('heading', { level: 1, name: 'Fleet renewal' });
    const history = within(screen.getByRole('region', { name: 'Stage history' }));
    expect(history.getByText('Demo')).toBeTruthy();
    expect(history.getByText(/from Qualified after 3 days/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Nancy Davolio' }).getAttribute('href')).toMatch(/^\/contacts\//);

    // A colleague renames the deal meanwhile.
    server = theirs;
    await user.click(screen.getByRole('button', { name: 'Edit lead source' }));
    await user.type(screen.getByLabelText('Lead source'), 'Trade fair');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = within(await screen.findByRole('alert'));
    expect(conflict.getByRole('heading', { name: 'This deal changed while you were editing' })).toBeTruthy();
    expect(conflict.getByRole('rowheader', { name: 'Title' })).toBeTruthy();
    expect(conflict.getByText('Fleet renewal 2027')).toBeTruthy();
    expect(conflict.getByText(/manager saved it/)).toBeTruthy();
    expect(patches[0]!.headers.get('If-Match')).toBe('"3"');
    expect(patches[0]!.headers.get('Content-Type')).toBe('application/merge-patch+json');
    expect(await patches[0]!.clone().json()).toEqual({ leadSource: 'Trade fair' });

    await user.click(conflict.getByRole('button', { name: 'Re-apply my change' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'This deal changed while you were editing' })).toBeNull());
    expect(patches[1]!.headers.get('If-Match')).toBe('"4"');
    expect(await screen.findByText('Trade fair')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Fleet renewal 2027' })).toBeTruthy();
  });
});
