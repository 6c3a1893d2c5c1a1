import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import PipelinesSection from './PipelinesSection';
import { createFieldOf } from './CreatePipelinePage';
import { fakeApi, json, renderAt } from '../../test/render';
import { PIPE, pipelineOf, stageOf } from '../testData';

afterEach(() => vi.unstubAllGlobals());

describe('the new-pipeline form', () => {
  it('maps the API’s field paths onto the form', () => {
    expect(createFieldOf('name')).toBe('name');
    expect(createFieldOf('stages[2].probability')).toBe('stages.2.probability');
    expect(createFieldOf('stages')).toBeNull();
  });

  it('checks locally, puts the service’s field problems on their stage, then opens the new pipeline', async () => {
    let attempt = 0;
    const created = pipelineOf([stageOf(0), stageOf(1)], { name: 'Partners', version: 0 });
    const api = fakeApi([
      [
        (url, r) => url.pathname === '/api/v1/pipelines' && r.method === 'POST',
        () =>
          ++attempt === 1
            ? json(
                400,
                {
                  type: 'urn:atrium:problem:validation',
                  title: 'Invalid request',
                  status: 400,
                  errors: [{ field: 'stages[1].rottingDays', message: 'must be less than or equal to 3650' }],
                },
                'application/problem+json',
              )
            : json(201, created),
      ],
      [(url) => url.pathname === `/api/v1/pipelines/${PIPE}`, () => json(200, created)],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(
      <PipelinesSection />,
      '/admin/pipelines/new',
      '/admin/pipelines/*',
      <Route path="/elsewhere" element={null} />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create pipeline' }));
    expect(await screen.findByText('Give the pipeline a name.')).toBeTruthy();
    expect(screen.getByText('Give the stage a name.')).toBeTruthy();
    expect(api.calls).toHaveLength(0);

    await user.type(screen.getByLabelText('Name'), 'Partners');
    await user.type(screen.getByLabelText('Stage 1 Stage name'), 'Lead');
    await user.type(screen.getByLabelText('Stage 1 Probability (%)'), '10');
    await user.click(screen.getByRole('button', { name: 'Add another stage' }));
    await user.type(screen.getByLabelText('Stage 2 Stage name'), 'lead');
    await user.type(screen.getByLabelText('Stage 2 Probability (%)'), '30');
    await user.type(screen.getByLabelText('Stage 2 Rotting days'), '9999');
    await user.click(screen.getByRole('button', { name: 'Create pipeline' }));
    // Same name twice, and more days than the service takes: both caught before sending.
    expect(await screen.findByText('Another stage has this name.')).toBeTruthy();
    expect(screen.getByText('Whole days from 1 to 3650, or empty for never.')).toBeTruthy();
    expect(api.calls).toHaveLength(0);

    await user.clear(screen.getByLabelText('Stage 2 Stage name'));
    await user.type(screen.getByLabelText('Stage 2 Stage name'), 'Qualified');
    await user.clear(screen.getByLabelText('Stage 2 Rotting days'));
    await user.type(screen.getByLabelText('Stage 2 Rotting days'), '30');
    await user.click(screen.getByRole('button', { name: 'Create pipeline' }));
    // The service's answer for stages[1].rottingDays lands on stage 2's rotting days.
    expect(await screen.findByText('must be less than or equal to 3650')).toBeTruthy();
    expect(screen.getByLabelText('Stage 2 Rotting days').getAttribute('aria-invalid')).toBe('true');

    api.calls.length = 0;
    await user.click(screen.getByRole('button', { name: 'Create pipeline' }));
    await screen.findByRole('heading', { level: 1, name: /Partners/ });
    const post = api.calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({
      name: 'Partners',
      stages: [
        { name: 'Lead', probability: 10 },
        { name: 'Qualified', probability: 30, rottingDays: 30 },
      ],
    });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  });
});

describe('the pipeline list', () => {
  it('shows active pipelines, or archived ones, with their stages', async () => {
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/pipelines' && url.searchParams.get('includeArchived') === 'true',
        () =>
          json(200, {
            items: [
              pipelineOf([stageOf(0), stageOf(1)], { name: 'Renewals' }),
              pipelineOf([stageOf(0)], { id: '60000000-0000-0000-0000-000000000002', name: 'Old pipeline', archivedAt: '2026-01-05T00:00:00Z' }),
              pipelineOf([stageOf(0)], { id: '60000000-0000-0000-0000-000000000003', name: 'Enterprise' }),
            ],
          }),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<PipelinesSection />, '/admin/pipelines', '/admin/pipelines/*');
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'Renewals' });
    const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
    // Active ones by name.
    expect(rows().map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Enterprise', 'Renewals']);
    expect(within(rows()[1]!).getByText(/Lead → Qualified/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Archived' }));
    await waitFor(() => expect(rows().map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Old pipeline']));
    expect(within(rows()[0]!).getByText('Archived')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByRole('button', { name: /Pipeline/ }));
    expect(rows().map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['Renewals', 'Old pipeline', 'Enterprise']);
  });
});
