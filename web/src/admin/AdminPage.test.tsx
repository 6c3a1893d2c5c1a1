import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import AdminPage from './AdminPage';
import { AppShell } from '../components/AppShell';
import { SessionProvider } from '../auth/AuthContext';
import { fakeApi, json, testSession } from '../test/render';
import { sections } from './sections';

afterEach(() => vi.unstubAllGlobals());

function at(path: string, roles: string[]) {
  return render(
    <SessionProvider session={{ ...testSession, roles }}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[path]}>
          <AppShell>
            <Routes>
              <Route path="/admin/*" element={<AdminPage />} />
            </Routes>
          </AppShell>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('AdminPage', () => {
  it('is in the main navigation for admins only, and refuses others', () => {
    at('/admin', ['sales']);
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/needs the admin role/);
  });

  it('lists its sections and loads one lazily under its sub-navigation', async () => {
    vi.stubGlobal('fetch', fakeApi([[() => true, () => json(200, { items: [] })]]).fetchImpl);
    at('/admin/teams', ['admin']);
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Admin' })).toBeDefined();
    const sub = screen.getByRole('navigation', { name: 'Admin' });
    expect(within(sub).getAllByRole('link').map((a) => a.textContent)).toEqual(sections.map((s) => s.label));
    expect(within(sub).getByRole('link', { name: 'Teams' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeDefined();
    expect(await screen.findByText('No teams yet.')).toBeDefined();
  });
});
