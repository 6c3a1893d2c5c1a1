import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { CreateDealPage, validateDeal } from './CreateDealPage';
import { fakeApi, json, renderAt } from '../test/render';
import { deal, pipeline, stage, PIPELINE_ID } from './testData';

afterEach(() => vi.unstubAllGlobals());

const stages = [stage(0), stage(1)];
const pipelines = () => json(200, { items: [pipeline(stages)] });

describe('the new-deal form', () => {
  it('validates before sending', () => {
    const base = {
      title: 'A',
      pipelineId: PIPELINE_ID,
      stageId: '',
      amount: '',
      currency: 'EUR',
      closeDate: '',
      contact: null,
      company: null,
    };
    expect(validateDeal(base)).toEqual({});
    expect(validateDeal({ ...base, title: ' ' })).toEqual({ title: 'Give the deal a title.' });
    expect(validateDeal({ ...base, amount: '12,5' }).amount).toBe('Enter an amount such as 12500 or 12500.50.');
    expect(validateDeal({ ...base, amount: '12', currency: 'E' }).currency).toBe('Enter a currency code such as EUR.');
  });

  it('shows the title error inline, then the service problem on its field, then opens the created deal', async () => {
    let attempt = 0;
    const api = fakeApi([
      [(url) => url.pathname === '/api/v1/pipelines', pipelines],
      [
        (url) => url.pathname === '/api/v1/contacts',
        () => json(200, { items: [{ id: '50000000-0000-0000-0000-000000000001', firstName: 'Nancy', lastName: 'Davolio', emails: [] }] }),
      ],
      [
        (url, r) => url.pathname === '/api/v1/deals' && r.method === 'POST',
        () =>
          ++attempt === 1
            ? json(
                400,
                {
                  type: 'urn:atrium:problem:validation',
                  title: 'Invalid request',
                  status: 400,
                  errors: [{ field: 'amount.value', message: 'EUR amounts have at most 2 decimal places' }],
                },
                'application/problem+json',
              )
            : json(201, deal(7, stages[1]!, { title: 'Big one' })),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateDealPage />, '/deals/new', '/deals/new', <Route path="/deals/:id" element={<h1>Deal page</h1>} />);
    const user = userEvent.setup();

    await screen.findByRole('option', { name: 'New business' });
    await user.click(screen.getByRole('button', { name: 'Create deal' }));
    expect(screen.getByText('Give the deal a title.')).toBeTruthy();
    expect(api.calls.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByLabelText('Title'), 'Big one');
    await user.selectOptions(screen.getByLabelText('Stage'), 'Demo');
    await user.type(screen.getByLabelText('Amount'), '12500.555');
    await user.type(screen.getByLabelText('Contact'), 'davolo');
    await user.click(await screen.findByRole('button', { name: /Nancy Davolio/ }));
    await user.click(screen.getByRole('button', { name: 'Create deal' }));
    // The service's field error lands on the amount field.
    expect(await screen.findByText('EUR amounts have at most 2 decimal places')).toBeTruthy();
    expect(screen.getByLabelText('Amount').getAttribute('aria-invalid')).toBe('true');

    await user.clear(screen.getByLabelText('Amount'));
    await user.type(screen.getByLabelText('Amount'), '12500.50');
    await user.click(screen.getByRole('button', { name: 'Create deal' }));
    await screen.findByRole('heading', { name: 'Deal page' });
    const post = api.calls.filter((r) => r.method === 'POST').at(-1)!;
    expect(await post.clone().json()).toEqual({
      title: 'Big one',
      pipelineId: PIPELINE_ID,
      stageId: stages[1]!.id,
      // Money as the service wants it: an exact decimal string, never a JSON number.
      amount: { value: '12500.50', currency: 'EUR' },
      primaryContactId: '50000000-0000-0000-0000-000000000001',
      contactIds: ['50000000-0000-0000-0000-000000000001'],
    });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it("puts the service's field errors on the right fields", async () => {
    const api = fakeApi([
      [(url) => url.pathname === '/api/v1/pipelines', pipelines],
      [
        (url, r) => url.pathname === '/api/v1/deals' && r.method === 'POST',
        () =>
          json(
            400,
            {
              type: 'urn:atrium:problem:validation',
              title: 'Invalid request',
              status: 400,
              errors: [{ field: 'amount.currency', message: 'must be an ISO 4217 currency code such as EUR or USD' }],
            },
            'application/problem+json',
          ),
      ],
    ]);
    vi.stubGlobal('fetch', api.fetchImpl);
    renderAt(<CreateDealPage />, '/deals/new');
    const user = userEvent.setup();
    await screen.findByRole('option', { name: 'New business' });
    await user.type(screen.getByLabelText('Title'), 'Odd money');
    await user.type(screen.getByLabelText('Amount'), '10');
    await user.clear(screen.getByLabelText('Currency'));
    await user.type(screen.getByLabelText('Currency'), 'XXZ');
    await user.click(screen.getByRole('button', { name: 'Create deal' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Currency').getAttribute('aria-describedby')).toBe('currency-error'),
    );
    expect(screen.getByText('must be an ISO 4217 currency code such as EUR or USD')).toBeTruthy();
  });
});
