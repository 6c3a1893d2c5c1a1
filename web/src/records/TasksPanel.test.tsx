import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TasksPanel } from './TasksPanel';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const CONTACT = '00000000-0000-0000-0000-000000000007';
const task = { id: 't-1', version: 2, title: 'Send the price sheet', status: 'open', dueAt: '2026-12-10T16:00:00Z' };

describe('the tasks panel', () => {
  it('lists the open tasks and completes one with its checkbox', async () => {
    let open = [task];
    const api = fakeApi([
      [(url) => url.pathname === '/api/v1/tasks', () => json(200, { items: open })],
      [
        (url, r) => url.pathname === '/api/v1/tasks/t-1/complete' && r.method === 'POST',
        () => {
          open = [];
          return json(200, { ...task, status: 'done', version: 3 });
        },
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<TasksPanel subject={{ contactId: CONTACT }} />, '/contacts/x');

    const box = await screen.findByRole('checkbox', { name: /Send the price sheet/ });
    const list = api.calls.find((r) => new URL(r.url).pathname === '/api/v1/tasks')!;
    expect(Object.fromEntries(new URL(list.url).searchParams)).toMatchObject({ contactId: CONTACT, status: 'open' });

    await userEvent.click(box);
    expect(await screen.findByText('Task “Send the price sheet” completed.')).toBeDefined();
    await waitFor(() => expect(screen.queryByRole('checkbox')).toBeNull());
    const complete = api.calls.find((r) => r.method === 'POST')!;
    expect(complete.headers.get('If-Match')).toBe('"2"');
  });

  it('adds a task with a title and a due date', async () => {
    let posted: Record<string, unknown> | null = null;
    const api = fakeApi([
      [(url, r) => url.pathname === '/api/v1/tasks' && r.method === 'GET', () => json(200, { items: posted ? [{ id: 't-2', version: 1, status: 'open', ...posted }] : [] })],
      [(url, r) => url.pathname === '/api/v1/tasks' && r.method === 'POST', () => json(201, { id: 't-2', version: 1, status: 'open', ...posted })],
    ]);
    vi.stubGlobal('fetch', async (input: Request) => {
      if (input.method === 'POST') posted = await input.clone().json();
      return api.fetchImpl(input);
    });
    renderAt(<TasksPanel subject={{ contactId: CONTACT }} />, '/contacts/x');
    await screen.findByText('No open tasks.');

    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    expect(await screen.findByText('Enter what needs doing.')).toBeDefined();

    await userEvent.type(screen.getByLabelText('New task'), 'Call back about the pilot');
    await userEvent.type(screen.getByLabelText('Due date'), '2026-12-11');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));
    expect(await screen.findByRole('checkbox', { name: /Call back about the pilot/ })).toBeDefined();
    expect(posted).toMatchObject({ title: 'Call back about the pilot', contactIds: [CONTACT] });
    expect(new Date(posted!.dueAt as string).getDate()).toBe(11);
  });
});
