import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { AppShell, NAV_ITEMS } from './AppShell';
import { SessionProvider } from '../auth/AuthContext';
import { fakeApi, json, testSession } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

function renderShell(session = testSession) {
  return render(
    <SessionProvider session={session}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={['/contacts']}>
          <AppShell>
            <p>page</p>
          </AppShell>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('AppShell', () => {
  it('has the main navigation and signs out from the user menu', async () => {
    const signOut = vi.fn(async () => {});
    vi.stubGlobal('fetch', fakeApi([[() => true, () => json(200, { unread: 0 })]]).fetchImpl);
    renderShell({ ...testSession, signOut });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(Array.from(nav.querySelectorAll('a')).map((a) => a.textContent)).toEqual(NAV_ITEMS.map((i) => i.label));
    expect(screen.getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBe('page');

    const account = screen.getByRole('button', { name: /sales/ });
    expect(account.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(account);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledOnce();
  });

  it('shows the unread count on the Inbox item, named "N unread", and links to the settings from the user menu', async () => {
    const fake = fakeApi([[(url) => url.pathname === '/api/v1/notifications/unread-count', () => json(200, { unread: 3 })]]);
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderShell();
    const inbox = await screen.findByRole('link', { name: 'Inbox 3 unread' });
    expect(inbox.getAttribute('href')).toBe('/inbox');
    expect(inbox.textContent).toBe('Inbox 33 unread');

    await userEvent.click(screen.getByRole('button', { name: /sales/ }));
    await userEvent.click(screen.getByRole('link', { name: 'Notification settings' }));
    expect(screen.queryByRole('link', { name: 'Notification settings' })).toBeNull();
  });

  it('shows no badge when nothing is unread', async () => {
    const fake = fakeApi([[(url) => url.pathname === '/api/v1/notifications/unread-count', () => json(200, { unread: 0 })]]);
    vi.stubGlobal('fetch', fake.fetchImpl);
    renderShell();
    await vi.waitFor(() => expect(fake.calls.length).toBeGreaterThan(0));
    expect(screen.getByRole('link', { name: 'Inbox' })).toBeTruthy();
  });
});
