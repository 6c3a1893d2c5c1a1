import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AppShell, NAV_ITEMS } from './AppShell';
import { SessionProvider } from '../auth/AuthContext';
import { testSession } from '../test/render';

describe('AppShell', () => {
  it('has the main navigation and signs out from the user menu', async () => {
    const signOut = vi.fn(async () => {});
    render(
      <SessionProvider session={{ ...testSession, signOut }}>
        <QueryClientProvider client={new QueryClient()}>
          <MemoryRouter initialEntries={['/contacts']}>
            <AppShell>
              <p>page</p>
            </AppShell>
          </MemoryRouter>
        </QueryClientProvider>
      </SessionProvider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(Array.from(nav.querySelectorAll('a')).map((a) => a.textContent)).toEqual(NAV_ITEMS.map((i) => i.label));
    expect(screen.getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBe('page');

    const account = screen.getByRole('button', { name: /sales/ });
    expect(account.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(account);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledOnce();
  });
});
