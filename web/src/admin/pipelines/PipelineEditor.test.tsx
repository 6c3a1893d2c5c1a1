import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PipelinesSection from './PipelinesSection';
import { fakeApi, json, renderAt } from '../../test/render';
import { PIPE, pipelineOf, stageOf } from '../testData';
import { CHANGED_MEANWHILE } from '../forms';
import type { Pipeline } from './api';

const problem = (status: number, body: object) =>
  json(status, { status, ...body }, 'application/problem+json');

/** A deal-service double holding one pipeline; `answer` overrides a write's answer (else it succeeds). */
function dealService(start: Pipeline, answer: (r: Request, url: URL) => Response | null = () => null) {
  let current = start;
  const api = fakeApi([
    [
      (url, r) => url.pathname === `/api/v1/pipelines/${PIPE}` && r.method === 'GET',
      () => json(200, current, 'application/json'),
    ],
    [
      (url, r) => url.pathname.startsWith(`/api/v1/pipelines/${PIPE}`) && r.method !== 'GET',
      // fakeApi awaits what a handler returns, so it may read the request's body first.
      (async (url: URL, r: Request) => {
        const override = answer(r, url);
        if (override) return override;
        current = { ...current, version: (current.version ?? 0) + 1 };
        if (url.pathname.endsWith('/stage-order')) {
          const ids = ((await r.clone().json()) as { stageIds: string[] }).stageIds;
          current = { ...current, stages: ids.map((id) => current.stages!.find((s) => s.id === id)!) };
        }
        return json(200, current);
      }) as unknown as (url: URL, r: Request) => Response,
    ],
  ]);
  return {
    api,
    set(p: Pipeline) {
      current = p;
    },
    writes: () => api.calls.filter((r) => r.method !== 'GET'),
  };
}

const stages = [stageOf(0), stageOf(1), stageOf(2)];
const names = () => screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent).filter((t) => t !== 'Add a stage');
const row = (name: string) => screen.getByRole('listitem', { name });

beforeEach(() => {
  // jsdom lays nothing out: give each stage row (and what is inside it) the box of its position in a 60 px list,
  // which dnd-kit's keyboard sensor measures to find the row above or below.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const li = this.closest('li[data-stage-id]');
    const index = li ? Array.from(li.parentElement!.children).indexOf(li) : 0;
    const top = index * 60;
    return { x: 0, y: top, top, left: 0, right: 600, bottom: top + 50, width: 600, height: 50, toJSON: () => ({}) } as DOMRect;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the pipeline editor', () => {
  it('lists the stages in order with probability and rotting days', async () => {
    const service = dealService(pipelineOf(stages));
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    await screen.findByRole('heading', { level: 1, name: /Renewals/ });
    expect(names()).toEqual(['Lead', 'Qualified', 'Proposal']);
    expect(within(row('Lead')).getByText('never rots')).toBeTruthy();
    expect(within(row('Qualified')).getByText('30% probability')).toBeTruthy();
    expect(within(row('Qualified')).getByText('rots after 14 days')).toBeTruthy();
  });

  it('reorders with the keyboard: Space lifts the grip, Down moves, Space drops; the order is saved with If-Match', async () => {
    const service = dealService(pipelineOf(stages));
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    const grip = await screen.findByRole('button', { name: 'Reorder Lead' });
    grip.focus();
    await user.keyboard('[Space]');
    await waitFor(() => expect(row('Lead').hasAttribute('data-dragging')).toBe(true));
    await user.keyboard('[ArrowDown]');
    await user.keyboard('[Space]');

    await waitFor(() => expect(service.writes()).toHaveLength(1));
    const put = service.writes()[0]!;
    expect(put.method).toBe('PUT');
    expect(new URL(put.url).pathname).toBe(`/api/v1/pipelines/${PIPE}/stage-order`);
    expect(put.headers.get('If-Match')).toBe('"3"');
    expect(await put.clone().json()).toEqual({ stageIds: [stages[1]!.id, stages[0]!.id, stages[2]!.id] });
    await waitFor(() => expect(names()).toEqual(['Qualified', 'Lead', 'Proposal']));
    expect(await screen.findByText('Stage “Lead” moved to position 2 of 3.')).toBeTruthy();
  });

  it('moves a stage down with its button, keeping the focus on that button', async () => {
    const service = dealService(pipelineOf(stages));
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Lead down' }));
    await waitFor(() => expect(names()).toEqual(['Qualified', 'Lead', 'Proposal']));
    expect(await service.writes()[0]!.clone().json()).toEqual({ stageIds: [stages[1]!.id, stages[0]!.id, stages[2]!.id] });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Lead down' })));
    // Once at the bottom its Down button is disabled, so the focus goes to its Up button.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(names()).toEqual(['Qualified', 'Proposal', 'Lead']));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Lead up' })));
  });

  it('reorders with the Move buttons, and puts the order back with the reason when the service refuses', async () => {
    const service = dealService(pipelineOf(stages), (_r, url) =>
      url.pathname.endsWith('/stage-order')
        ? problem(400, {
            type: 'urn:atrium:problem:validation',
            title: 'Invalid request',
            detail: 'stageIds: must list every stage of the pipeline exactly once',
            errors: [{ field: 'stageIds', message: 'must list every stage of the pipeline exactly once' }],
          })
        : null,
    );
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Proposal up' }));
    expect(await screen.findByText(/The new order was not saved: .*must list every stage/)).toBeTruthy();
    expect(names()).toEqual(['Lead', 'Qualified', 'Proposal']);
    expect(await service.writes()[0]!.clone().json()).toEqual({ stageIds: [stages[0]!.id, stages[2]!.id, stages[1]!.id] });
  });

  it('shows a refused removal (open deals in the stage) on that stage, which stays', async () => {
    const service = dealService(pipelineOf(stages), (r) =>
      r.method === 'DELETE'
        ? problem(409, {
            type: 'urn:atrium:problem:stage-not-empty',
            title: 'Conflict',
            detail: 'Stage Qualified still holds 2 open deal(s); move them to another stage first',
          })
        : null,
    );
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove Qualified' }));
    // Asks first; nothing is sent yet.
    expect(service.writes()).toHaveLength(0);
    await user.click(within(row('Qualified')).getByRole('button', { name: 'Remove stage' }));
    const alert = await within(row('Qualified')).findByRole('alert');
    expect(alert.textContent).toMatch(/still holds 2 open deal/);
    expect(within(row('Lead')).queryByRole('alert')).toBeNull();
    expect(names()).toEqual(['Lead', 'Qualified', 'Proposal']);
    const del = service.writes()[0]!;
    expect(new URL(del.url).pathname).toBe(`/api/v1/pipelines/${PIPE}/stages/${stages[1]!.id}`);
    expect(del.headers.get('If-Match')).toBe('"3"');
  });

  it('removes a stage after the confirmation', async () => {
    const service = dealService(pipelineOf(stages), (r) => {
      if (r.method !== 'DELETE') return null;
      const after = pipelineOf([stages[0]!, stages[2]!], { version: 4 });
      service.set(after);
      return json(200, after);
    });
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove Qualified' }));
    await user.click(within(row('Qualified')).getByRole('button', { name: 'Remove stage' }));
    await waitFor(() => expect(names()).toEqual(['Lead', 'Proposal']));
    expect(screen.getByText('Stage “Qualified” removed.')).toBeTruthy();
    // The focused button went with its row: the keyboard is back at the stages.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Stages' }));
  });

  it('edits a stage in place: checks the form first, then puts a duplicate name on the name field', async () => {
    const service = dealService(pipelineOf(stages), (r) =>
      r.method === 'PUT'
        ? problem(409, {
            type: 'urn:atrium:problem:duplicate-stage-name',
            title: 'Conflict',
            detail: 'This pipeline already has a stage named Lead',
            field: 'name',
          })
        : null,
    );
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit Qualified' }));
    const form = within(screen.getByRole('form', { name: 'Edit stage Qualified' }));
    const probability = form.getByLabelText('Probability (%)');
    await user.clear(probability);
    await user.type(probability, '150');
    await user.click(form.getByRole('button', { name: 'Save stage' }));
    expect(await form.findByText('A whole percentage from 0 to 100.')).toBeTruthy();
    expect(service.writes()).toHaveLength(0);

    await user.clear(probability);
    await user.type(probability, '40');
    const name = form.getByLabelText('Stage name');
    await user.clear(name);
    await user.type(name, 'lead');
    await user.click(form.getByRole('button', { name: 'Save stage' }));
    expect(await form.findByText('This pipeline already has a stage named Lead')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const put = service.writes()[0]!;
    expect(new URL(put.url).pathname).toBe(`/api/v1/pipelines/${PIPE}/stages/${stages[1]!.id}`);
    expect(await put.clone().json()).toEqual({ name: 'lead', probability: 40, rottingDays: 14 });
  });

  it('adds a stage at the end (numbers as numbers, no rotting days when left empty)', async () => {
    const service = dealService(pipelineOf(stages), (r, url) => {
      if (!url.pathname.endsWith('/stages') || r.method !== 'POST') return null;
      const after = pipelineOf([...stages, stageOf(3, { name: 'Won back', probability: 95, rottingDays: undefined })], { version: 4 });
      service.set(after);
      return json(200, after);
    });
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    const form = within(await screen.findByRole('form', { name: 'Add a stage' }));
    await user.type(form.getByLabelText('Stage name'), '  Won back ');
    await user.type(form.getByLabelText('Probability (%)'), '95');
    await user.click(form.getByRole('button', { name: 'Add stage' }));
    await waitFor(() => expect(names()).toEqual(['Lead', 'Qualified', 'Proposal', 'Won back']));
    const post = service.writes()[0]!;
    expect(post.headers.get('If-Match')).toBe('"3"');
    expect(await post.clone().json()).toEqual({ name: 'Won back', probability: 95 });
    // The form is empty again for the next one.
    expect((form.getByLabelText('Stage name') as HTMLInputElement).value).toBe('');
  });

  it('renames with If-Match; a 412 says someone changed it and reloads the pipeline', async () => {
    let renames = 0;
    const service = dealService(pipelineOf(stages), (r) => {
      if (r.method !== 'PATCH') return null;
      if (++renames === 1) {
        service.set(pipelineOf(stages, { version: 5, name: 'Renewals 2027' }));
        return problem(412, { title: 'Precondition Failed', detail: 'The record changed; its current version is 5' });
      }
      return null;
    });
    vi.stubGlobal('fetch', service.api.fetchImpl);
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    const name = await screen.findByLabelText('Pipeline name');
    await user.clear(name);
    await user.type(name, 'Renewals EMEA');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByText(CHANGED_MEANWHILE)).toBeTruthy();
    expect(service.writes()[0]!.headers.get('If-Match')).toBe('"3"');
    // Reloaded: the other person's name is shown.
    expect(await screen.findByRole('heading', { level: 1, name: /Renewals 2027/ })).toBeTruthy();

    await user.clear(name);
    await user.type(name, 'Renewals EMEA');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(service.writes()).toHaveLength(2));
    expect(service.writes()[1]!.headers.get('If-Match')).toBe('"5"');
    expect(await service.writes()[1]!.clone().json()).toEqual({ name: 'Renewals EMEA' });
  });

  it('shows why a pipeline with open deals cannot be archived, and restores an archived one', async () => {
    const service = dealService(pipelineOf(stages), (_r, url) =>
      url.pathname.endsWith('/archive')
        ? problem(409, {
            type: 'urn:atrium:problem:pipeline-not-empty',
            title: 'Conflict',
            detail: 'Pipeline Renewals still holds 4 open deal(s); close or move them first',
          })
        : null,
    );
    vi.stubGlobal('fetch', service.api.fetchImpl);
    const { unmount } = renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Archive pipeline' }));
    const archive = within(screen.getByRole('region', { name: 'Archive' }));
    expect((await archive.findByRole('alert')).textContent).toMatch(/still holds 4 open deal/);
    unmount();

    service.set(pipelineOf(stages, { archivedAt: '2026-02-01T00:00:00Z' }));
    renderAt(<PipelinesSection />, `/admin/pipelines/${PIPE}`, '/admin/pipelines/*');
    await screen.findByText(/This pipeline is archived/);
    // Archived: nothing to change but restoring it.
    expect(screen.queryByRole('form', { name: 'Add a stage' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Edit Lead' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Restore pipeline' }));
    await waitFor(() => expect(new URL(service.writes().at(-1)!.url).pathname).toBe(`/api/v1/pipelines/${PIPE}/restore`));
  });
});
