import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import userEvent from '@testing-library/user-event';
import { CloseDealDialog, validateClose } from './CloseDealDialog';
import { fakeApi, json, renderAt } from '../test/render';
import { deal, stage } from './testData';
import type { Deal } from './model';

afterEach(() => vi.unstubAllGlobals());

describe('the win/lose dialog', () => {
  it('checks what the service checks', () => {
    expect(validateClose('lose', '  ', '')).toEqual({ reason: 'Say why the deal was lost.' });
    expect(validateClose('win', '', '')).toEqual({});
    expect(validateClose('win', '', 'x'.repeat(2001))).toEqual({ note: 'At most 2000 characters.' });
    expect(validateClose('lose', 'x'.repeat(201), '')).toEqual({ reason: 'At most 200 characters.' });
  });

  it('needs a reason to lose a deal, then sends it to the lose endpoint with If-Match', async () => {
    const d = deal(1, stage(0), { version: 4 });
    const api = fakeApi([
      [(url) => url.pathname.endsWith('/lose'), () => json(200, { ...d, status: 'lost', version: 5 })],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    const onClosed = vi.fn();
    renderAt(<CloseDealDialog deal={d} outcome="lose" onOpenChange={() => {}} onClosed={onClosed} />, '/deals');

    expect(screen.getByRole('dialog', { name: 'Mark deal lost' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Mark lost' }));
    expect(await screen.findByText('Say why the deal was lost.')).toBeTruthy();
    expect(screen.getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Reason'), 'Chose a competitor');
    await userEvent.type(screen.getByLabelText('Note (optional)'), 'Price');
    await userEvent.click(screen.getByRole('button', { name: 'Mark lost' }));
    await waitFor(() => expect(onClosed).toHaveBeenCalled());
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.headers.get('If-Match')).toBe('"4"');
    expect(await api.calls[0]!.clone().json()).toEqual({ reason: 'Chose a competitor', note: 'Price' });
  });

  it('keeps what was typed when a newer copy of the same deal arrives, and sends it with the newer version', async () => {
    const d = deal(1, stage(0), { version: 4 });
    const api = fakeApi([[(url) => url.pathname.endsWith('/win'), () => json(200, { ...d, status: 'won', version: 6 })]]);
    vi.stubGlobal('fetch', api.fetchImpl);
    let show: (next: Deal) => void = () => {};
    function Page() {
      const [shown, setShown] = useState<Deal>(d);
      show = setShown;
      return <CloseDealDialog deal={shown} outcome="win" onOpenChange={() => {}} onClosed={() => {}} />;
    }
    renderAt(<Page />, '/deals');
    await userEvent.type(screen.getByLabelText('Note (optional)'), 'Signed');
    // The board reloaded under the dialog: the same deal, a new object, a newer version.
    act(() => show({ ...d, version: 5 }));
    expect((screen.getByLabelText('Note (optional)') as HTMLTextAreaElement).value).toBe('Signed');
    await userEvent.click(screen.getByRole('button', { name: 'Mark won' }));
    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0]!.headers.get('If-Match')).toBe('"5"');
    expect(await api.calls[0]!.clone().json()).toEqual({ note: 'Signed' });
    // Another deal starts afresh.
    act(() => show(deal(2, stage(0))));
    expect((screen.getByLabelText('Note (optional)') as HTMLTextAreaElement).value).toBe('');
  });

  it('wins with an optional note and shows a refusal from the service on the form', async () => {
    const d = deal(2, stage(1));
    const api = fakeApi([
      [
        (url) => url.pathname.endsWith('/win'),
        () =>
          json(
            403,
            { type: 'urn:atrium:problem:forbidden', title: 'Forbidden', status: 403, detail: 'Only its owner may close it.' },
            'application/problem+json',
          ),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CloseDealDialog deal={d} outcome="win" onOpenChange={() => {}} onClosed={() => {}} />, '/deals');
    expect(screen.queryByLabelText('Reason')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Mark won' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Only its owner may close it.');
    expect(await api.calls[0]!.clone().json()).toEqual({});
  });
});
