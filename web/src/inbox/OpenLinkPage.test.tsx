import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { Route, useLocation } from 'react-router';
import { OpenLinkPage } from './OpenLinkPage';
import { fakeApi, json, renderAt } from '../test/render';

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

const routes = (
  <>
    <Route path="/contacts/:id" element={<Where />} />
    <Route path="/companies/:id" element={<Where />} />
    <Route path="/deals/:id" element={<Where />} />
  </>
);

afterEach(() => vi.unstubAllGlobals());

describe('OpenLinkPage', () => {
  it('opens a task’s contact', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([[(url) => url.pathname === '/api/v1/tasks/t1', () => json(200, { id: 't1', contactIds: ['c1'], dealId: 'd1' })]])
        .fetchImpl,
    );
    renderAt(<OpenLinkPage />, '/inbox/open/task/t1', '/inbox/open/:type/:id', routes);
    expect((await screen.findByTestId('where')).textContent).toBe('/contacts/c1');
  });

  it('opens a mention’s note on its company', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([[(url) => url.pathname === '/api/v1/activities/a1', () => json(200, { id: 'a1', type: 'note', companyId: 'co1' })]])
        .fetchImpl,
    );
    renderAt(<OpenLinkPage />, '/inbox/open/activity/a1', '/inbox/open/:type/:id', routes);
    expect((await screen.findByTestId('where')).textContent).toBe('/companies/co1');
  });

  it('says why when the record cannot be looked up', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([[() => true, () => json(404, { status: 404, title: 'Not found', detail: 'No task t9' }, 'application/problem+json')]])
        .fetchImpl,
    );
    renderAt(<OpenLinkPage />, '/inbox/open/task/t9', '/inbox/open/:type/:id', routes);
    expect((await screen.findByRole('alert')).textContent).toContain('No task t9');
    expect(screen.getByRole('link', { name: 'Back to the inbox' })).toBeTruthy();
  });
});
