import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from './userManager';

export interface Session {
  user: User;
  /** The person's display name: the token's name or preferred username, else its subject. */
  name: string;
  /**
   * The Atrium roles the access token carries (admin, sales, support…). For showing and hiding screens only: every
   * service checks the token itself.
   */
  roles: readonly string[];
  signOut(): Promise<void>;
}

type State =
  | { status: 'loading' }
  | { status: 'signed-in'; user: User }
  | { status: 'signed-out' }
  | { status: 'error'; message: string };

const SessionContext = createContext<Session | null>(null);

interface ReturnState {
  returnTo?: string;
}

/**
 * Signs the person in before the app renders: finishes a redirect sign-in on the callback path, otherwise goes
 * through the provider (tokens are kept in memory only, so after a reload too; the provider sends the browser back
 * at once while its session lasts). Renewal before expiry is silent, in a hidden iframe; when it fails (the
 * provider's session ended) the person goes through sign-in again and comes back to the same page. Sign-out ends the
 * provider's session too.
 */
export function AuthGate({ manager, children }: { manager: UserManager; children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const signedIn = (user: User) => {
      if (!cancelled) setState({ status: 'signed-in', user });
    };
    const onLoaded = (user: User) => signedIn(user);
    const onRenewFailed = () => {
      // The provider's session ended (or its renewal failed): go back through sign-in, keeping the page.
      void manager.signinRedirect({ state: { returnTo: currentPath() } satisfies ReturnState });
    };
    manager.events.addUserLoaded(onLoaded);
    manager.events.addSilentRenewError(onRenewFailed);

    boot(manager).then(
      (outcome) => {
        if (cancelled) return;
        if (outcome === 'signed-out') setState({ status: 'signed-out' });
        else if (outcome !== 'redirecting') signedIn(outcome);
      },
      (e: unknown) => {
        if (!cancelled) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
      manager.events.removeUserLoaded(onLoaded);
      manager.events.removeSilentRenewError(onRenewFailed);
    };
  }, [manager]);

  const user = state.status === 'signed-in' ? state.user : null;

  const session = useMemo<Session | null>(
    () =>
      user
        ? {
            user,
            name: displayName(user),
            roles: rolesOf(user.access_token),
            signOut: () => manager.signoutRedirect(),
          }
        : null,
    [manager, user],
  );

  if (state.status === 'loading') {
    return <p className="boot-message" role="status">Signing you in…</p>;
  }
  if (state.status === 'error') {
    return (
      <main className="boot-message">
        <h1>Sign-in failed</h1>
        <p>{state.message}</p>
        <p>
          <a href="/">Try again</a>
        </p>
      </main>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <main className="boot-message">
        <h1>You are signed out</h1>
        <p>
          <button type="button" className="button primary" onClick={() => void manager.signinRedirect()}>
            Sign in again
          </button>
        </p>
      </main>
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in AuthGate');
  return session;
}

/** For tests and stories: a fixed session without a provider. */
export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

const boots = new WeakMap<UserManager, Promise<User | 'signed-out' | 'redirecting'>>();

/**
 * Runs once per manager (React may run effects twice in development): finishes a redirect sign-in, or sends the
 * browser through the provider (back at once while its session lasts).
 */
function boot(manager: UserManager): Promise<User | 'signed-out' | 'redirecting'> {
  let running = boots.get(manager);
  if (!running) {
    running = (async () => {
      const path = window.location.pathname;
      if (path === CALLBACK_PATH) {
        const user = await manager.signinRedirectCallback();
        const returnTo = (user.state as ReturnState | undefined)?.returnTo ?? '/';
        window.history.replaceState(null, '', returnTo.startsWith('/') ? returnTo : '/');
        return user;
      }
      if (path === SIGNED_OUT_PATH) return 'signed-out';
      const existing = await manager.getUser();
      if (existing && !existing.expired) return existing;
      // Tokens live in memory, so a new page has none: a round trip through the provider, which sends the browser
      // straight back with a code while its session lasts, or shows its sign-in page. (A silent iframe first would
      // cost a timeout whenever there is no session: auth-server answers prompt=none with its login page.)
      await manager.signinRedirect({ state: { returnTo: currentPath() } satisfies ReturnState });
      return 'redirecting';
    })();
    boots.set(manager, running);
  }
  return running;
}

function displayName(user: User): string {
  const p = user.profile;
  return (p.name as string | undefined) ?? (p.preferred_username as string | undefined) ?? p.sub;
}

/** The `roles` claim of a JWT access token, read (not verified: the services verify) for the screens. */
export function rolesOf(accessToken: string): string[] {
  try {
    const payload = accessToken.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const roles: unknown = (JSON.parse(json) as { roles?: unknown }).roles;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether the signed-in person holds `role`. */
export function useHasRole(role: string): boolean {
  return useSession().roles.includes(role);
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}
