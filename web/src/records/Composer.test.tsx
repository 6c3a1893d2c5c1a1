import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Composer, validateActivity } from './Composer';
import { Timeline } from './Timeline';
import { fakeApi, json, renderAt } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const CONTACT = '00000000-0000-0000-0000-000000000007';
const COMPANY = '11111111-1111-1111-1111-111111111111';
const subject = { contactId: CONTACT, companyId: COMPANY };

const older = {
  kind: 'activity',
  id: 'a-1',
  at: '2026-11-30T10:00:00Z',
  activity: { id: 'a-1', type: 'note', body: 'Met at the fair', occurredAt: '2026-11-30T10:00:00Z', createdBy: 'sales' },
};

function RecordActivity() {
  return (
    <>
      <Composer subject={subject} deals={[{ id: 'd-1', title: 'Pilot' }]} />
      <Timeline subject={subject} />
    </>
  );
}

describe('the composer', () => {
  it('checks the fields of the chosen type before sending anything', async () => {
    const api = fakeApi([[(url) => url.pathname === '/api/v1/timeline', () => json(200, { items: [older] })]]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<RecordActivity />, '/contacts/x');

    await userEvent.click(screen.getByRole('radio', { name: 'Note' }));
    await userEvent.click(screen.getByRole('button', { name: 'Log note' }));
    expect(await screen.findByText('Write the note.')).toBeDefined();
    expect(screen.getByLabelText('Note text').getAttribute('aria-invalid')).toBe('true');

    await userEvent.click(screen.getByRole('radio', { name: 'Meeting' }));
    await userEvent.click(screen.getByRole('button', { name: 'Log meeting' }));
    expect(await screen.findByText('How long the meeting took, in minutes.')).toBeDefined();
    expect(api.calls.some((r) => r.method === 'POST')).toBe(false);
  });

  it('puts the service field errors on their fields', async () => {
    vi.stubGlobal(
      'fetch',
      fakeApi([
        [(url) => url.pathname === '/api/v1/timeline', () => json(200, { items: [] })],
        [
          (url, r) => url.pathname === '/api/v1/activities' && r.method === 'POST',
          () =>
            json(
              400,
              { type: 'urn:atrium:problem:validation', title: 'Invalid request', status: 400, errors: [{ field: 'durationSeconds', message: 'must be less than or equal to 86400' }] },
              'application/problem+json',
            ),
        ],
      ]).fetchImpl,
    );
    renderAt(<RecordActivity />, '/contacts/x');
    await userEvent.type(screen.getByLabelText('Duration (minutes)'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Log call' }));
    expect(await screen.findByText('must be less than or equal to 86400')).toBeDefined();
    expect(screen.getByLabelText('Duration (minutes)').getAttribute('aria-invalid')).toBe('true');
  });

  it('logs a call and shows it at the top of the timeline at once', async () => {
    let posted: Record<string, unknown> | null = null;
    const api = fakeApi([
      [
        (url) => url.pathname === '/api/v1/timeline',
        () => json(200, { items: posted ? [{ kind: 'activity', id: 'a-2', at: posted.occurredAt, activity: { id: 'a-2', ...posted }, names: { 'd-1': 'Pilot' } }, older] : [older] }),
      ],
      [
        (url, r) => url.pathname === '/api/v1/activities' && r.method === 'POST',
        () => json(201, { id: 'a-2', ...posted, createdBy: 'sales', version: 1 }),
      ],
    ]);
    vi.stubGlobal('fetch', async (input: Request) => {
      if (input.method === 'POST') posted = await input.clone().json();
      return api.fetchImpl(input);
    });
    renderAt(<RecordActivity />, '/contacts/x');
    await screen.findByText('Met at the fair');

    await userEvent.type(screen.getByLabelText('Notes'), 'Asked about the pilot pricing');
    await userEvent.type(screen.getByLabelText('Duration (minutes)'), '15');
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'connected');
    await userEvent.selectOptions(screen.getByLabelText('Deal (optional)'), 'd-1');
    await userEvent.click(screen.getByRole('button', { name: 'Log call' }));

    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    await within(timeline).findByText('Asked about the pilot pricing');
    const entries = within(timeline).getAllByRole('article');
    expect(entries[0]!.textContent).toContain('Asked about the pilot pricing');
    expect(entries[0]!.textContent).toContain('Deal: Pilot');
    expect(entries[1]!.textContent).toContain('Met at the fair');

    expect(posted).toMatchObject({
      type: 'call',
      body: 'Asked about the pilot pricing',
      contactIds: [CONTACT],
      companyId: COMPANY,
      dealId: 'd-1',
      direction: 'outbound',
      durationSeconds: 900,
      outcome: 'connected',
    });
    expect(typeof posted!.occurredAt).toBe('string');
    expect(api.calls.find((r) => r.method === 'POST')!.headers.get('Idempotency-Key')).toBeTruthy();
    // The form is ready for the next one.
    expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe('');
  });
});

describe('validateActivity', () => {
  const base = { body: '', when: '2026-12-06T10:00', duration: '', direction: 'outbound', outcome: '', subject: '', to: '', from: '', deal: '' };
  it('asks an email for subject, sender and recipients', () => {
    expect(Object.keys(validateActivity('email', base)).sort()).toEqual(['from', 'subject', 'to']);
    expect(validateActivity('email', { ...base, subject: 'Hi', from: 'me@x.example', to: 'a@b.example' })).toEqual({});
  });
  it('takes a call with no notes but not a broken duration', () => {
    expect(validateActivity('call', base)).toEqual({});
    expect(validateActivity('call', { ...base, duration: '2.5' }).duration).toBeDefined();
  });
});
