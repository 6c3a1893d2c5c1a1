import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { App } from './App';
import { SessionProvider } from './auth/AuthContext';
import { fakeApi, json, testSession } from './test/render';

afterEach(() => vi.unstubAllGlobals());

describe('App', () => {
  it('lands on My day', async () => {
    vi.stubGlobal('fetch', fakeApi([[() => true, () => json(200, { items: [], next: null })]]).fetchImpl);
    render(
      <SessionProvider session={testSession}>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <MemoryRouter initialEntries={['/']}>
            <App />
          </MemoryRouter>
        </QueryClientProvider>
      </SessionProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'My day' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My day' }).getAttribute('aria-current')).toBe('page');
  });
});
