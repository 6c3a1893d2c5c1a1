import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvents } from '../live/useLiveEvents';
import { useHasRole, useSession } from '../auth/AuthContext';
import { UnreadBadge } from '../inbox/UnreadBadge';
import { PRELOAD_WHEN_IDLE, preload } from '../routes/chunks';
import { RouteNotice } from './RouteNotice';
import styles from './AppShell.module.css';

export const NAV_ITEMS = [
  { to: '/my-day', label: 'My day' },
  // Second, so its unread badge is on screen at phone width too (the navigation scrolls sideways there).
  { to: '/inbox', label: 'Inbox', Badge: UnreadBadge },
  { to: '/contacts', label: 'Contacts' },
  { to: '/companies', label: 'Companies' },
  { to: '/deals', label: 'Deals' },
  { to: '/support', label: 'Support' },
  { to: '/dashboards', label: 'Dashboards' },
] as const;

/** The frame of every screen: brand, main navigation, the user menu with sign-out, and the page. */
export function AppShell({ children }: { children: ReactNode }) {
  useLiveInbox();
  usePreloadWhenIdle();
  const admin = useHasRole('admin');
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Link to="/" className={styles.brand}>
          Atrium
        </Link>
        <span className={styles.spacer} />
        <UserMenu />
      </header>
      <nav className={styles.nav} aria-label="Main">
        <ul className={styles.navList}>
          {NAV_ITEMS.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className={styles.navLink} {...preloadOn(item.to)}>
                {item.label}
                {'Badge' in item && <item.Badge />}
              </NavLink>
            </li>
          ))}
          {admin && (
            <li>
              <NavLink to="/admin" className={styles.navLink} {...preloadOn('/admin')}>
                Admin
              </NavLink>
            </li>
          )}
        </ul>
      </nav>
      <main className={styles.main} id="main">
        {children}
      </main>
      <RouteNotice />
    </div>
  );
}

/** A link's screen starts loading when the pointer rests on it, a finger touches it or the keyboard focuses it. */
function preloadOn(path: string) {
  const start = () => preload(path);
  return { onPointerEnter: start, onTouchStart: start, onFocus: start };
}

/** Once the first screen is up and the browser has nothing else to do, the most used lazy screens load. */
function usePreloadWhenIdle() {
  useEffect(() => {
    const run = () => PRELOAD_WHEN_IDLE.forEach(preload);
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(run, { timeout: 3_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(run, 1_000);
    return () => window.clearTimeout(id);
  }, []);
}

/**
 * The inbox follows the person live on every screen: a notification arriving (or read in another tab) reloads every
 * query under ['notifications'] — the unread badge, the inbox, My day's list.
 */
function useLiveInbox() {
  const queries = useQueryClient();
  const refresh = () => void queries.invalidateQueries({ queryKey: ['notifications'] });
  useLiveEvents('/api/v1/notifications/live', { ready: refresh, notifications: refresh });
}

function UserMenu() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className={styles.userMenu} ref={ref}>
      <button
        type="button"
        className={styles.userButton}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">Account of </span>
        {session.name}
      </button>
      {open && (
        <div className={styles.userPanel} id={panelId}>
          <p className="muted">Signed in as {session.name}</p>
          <p>
            <Link to="/settings/notifications" onClick={() => setOpen(false)}>
              Notification settings
            </Link>
          </p>
          <button type="button" className="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
