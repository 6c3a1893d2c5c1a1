import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { AuthGate } from './auth/AuthContext';
import { createUserManager } from './auth/userManager';
import { loadConfig } from './config';
import { ApiError } from './api/problems';
import { setAccessTokenSource } from './api/client';
import './styles/global.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // 4xx answers will not change on a retry; 429/503 and network failures may.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status < 500 && error.status !== 429),
    },
  },
});

const root = createRoot(document.getElementById('root')!);
loadConfig()
  .then((config) => {
    const manager = createUserManager(config);
    // Every API call asks the session for its current token (set before anything renders, so the first queries
    // of the first screen carry it too).
    setAccessTokenSource(() => manager.getUser().then((user) => user?.access_token ?? null));
    root.render(
      <StrictMode>
        <AuthGate manager={manager}>
          <QueryClientProvider client={queries}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </QueryClientProvider>
        </AuthGate>
      </StrictMode>,
    );
  })
  .catch((e: unknown) => {
    root.render(
      <main className="boot-message">
        <h1>Atrium could not start</h1>
        <p>{e instanceof Error ? e.message : String(e)}</p>
      </main>,
    );
  });
