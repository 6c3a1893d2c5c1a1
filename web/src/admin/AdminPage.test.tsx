import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import AdminPage from './AdminPage';
import { ADMIN_SECTIONS } from './sections';
import { AppShell } from '../components/AppShell';
import { SessionProvider } from '../auth/AuthContext';
import { testSession } from '../test/render';

function renderAs(roles: string[], path: string) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionProvider session={{ ...testSession, name: roles.includes('admin') ? 'admin' : 'sales', roles }}>
      <QueryClientProvider client={queries}>
        <MemoryRouter initialEntries={[path]}>
          <AppShell>
            <Routes>
              <Route path="/admin/*" element={<AdminPage />} />
              <Route path="*" element={<p>elsewhere</p>} />
            </Routes>
          </AppShell>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('the admin area', () => {
  it('is in the main navigation for admins only', () => {
    const { unmount } = renderAs(['admin'], '/my-day');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Admin' })).toBeTruthy();
    unmount();
    renderAs(['sales'], '/my-day');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('tells a non-admin who opens the URL that it is for admins only, and shows none of it', () => {
    renderAs(['sales'], '/admin/pipelines');
    expect(screen.getByRole('heading', { level: 1, name: 'Admins only' })).toBeTruthy();
    expect(screen.getByText(/roles: sales/)).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Admin' })).toBeNull();
  });

  it('shows every section of ADMIN_SECTIONS in its sub-navigation and on the overview', async () => {
    renderAs(['admin'], '/admin');
    expect(await screen.findByRole('heading', { level: 1, name: 'Admin' })).toBeTruthy();
    const sub = within(screen.getByRole('navigation', { name: 'Admin' }));
    expect(sub.getAllByRole('link').map((a) => a.textContent)).toEqual(['Overview', ...ADMIN_SECTIONS.map((s) => s.label)]);
    expect(sub.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    for (const section of ADMIN_SECTIONS) {
      expect(screen.getByRole('heading', { level: 2, name: section.label })).toBeTruthy();
      expect(screen.getByText(section.description)).toBeTruthy();
    }
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Admin' }).getAttribute('aria-current')).toBe('page');
  });

  it('says so for an admin page that does not exist', async () => {
    renderAs(['admin'], '/admin/nothing-here');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });
});
