import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { User } from 'oidc-client-ts';
import { SessionProvider, type Session } from '../auth/AuthContext';

export const testSession: Session = {
  user: { access_token: 'test-token', profile: { sub: 'sales' } } as unknown as User,
  name: 'sales',
  roles: ['sales'],
  signOut: async () => {},
};

/** Renders `ui` at `path` (matched by `pattern`) with a fresh query cache and a signed-in session. */
export function renderAt(ui: ReactNode, path: string, pattern = path, extraRoutes: ReactNode = null) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionProvider session={testSession}>
      <QueryClientProvider client={queries}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={pattern} element={ui} />
            {extraRoutes}
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

/** A fetch double: answers each request with the first handler whose matcher accepts it, and records the calls. */
export function fakeApi(handlers: [(url: URL, request: Request) => boolean, (url: URL, request: Request) => Response][]) {
  const calls: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    calls.push(request);
    const url = new URL(request.url);
    for (const [matches, answer] of handlers) {
      if (matches(url, request)) return answer(url, request);
    }
    return json(404, { title: 'Not found', status: 404 }, 'application/problem+json');
  };
  return { calls, fetchImpl };
}

export function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}
