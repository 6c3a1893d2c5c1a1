import { Suspense } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { useHasRole, useSession } from '../auth/AuthContext';
import { ADMIN_SECTIONS } from './sections';
import styles from './AdminPage.module.css';

/**
 * The admin area (`/admin/*`, lazy-loaded): a sub-navigation built from ADMIN_SECTIONS and each section's screen
 * below it. Shown to admins only; the services refuse everyone else (403) anyway.
 */
export default function AdminPage() {
  const isAdmin = useHasRole('admin');
  if (!isAdmin) return <AdminsOnly />;
  return (
    <div className={styles.layout}>
      <nav className={styles.subnav} aria-label="Admin">
        <ul className={styles.subnavList}>
          <li>
            <NavLink to="/admin" end className={styles.subnavLink}>
              Overview
            </NavLink>
          </li>
          {ADMIN_SECTIONS.map((section) => (
            <li key={section.path}>
              <NavLink to={`/admin/${section.path}`} className={styles.subnavLink}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className={styles.content}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route index element={<AdminOverview />} />
            {ADMIN_SECTIONS.map((section) => (
              <Route key={section.path} path={`${section.path}/*`} element={<section.component />} />
            ))}
            <Route path="*" element={<NoSuchSection />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}

function AdminOverview() {
  return (
    <section>
      <h1>Admin</h1>
      <ul className={styles.overview}>
        {ADMIN_SECTIONS.map((section) => (
          <li key={section.path} className="card">
            <h2 className={styles.overviewTitle}>
              <Link to={`/admin/${section.path}`}>{section.label}</Link>
            </h2>
            <p className="muted">{section.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NoSuchSection() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        The admin area has no such page. <Link to="/admin">Back to the admin overview</Link>
      </p>
    </section>
  );
}

/** What a signed-in person without the admin role sees at /admin. */
function AdminsOnly() {
  const session = useSession();
  const roles = session.roles.length ? session.roles.join(', ') : 'none';
  return (
    <section>
      <h1>Admins only</h1>
      <p>
        The admin area is for administrators. You are signed in as {session.name} (roles: {roles}), which does not give
        access to it; ask an administrator if something here needs changing.
      </p>
      <p>
        <Link to="/my-day">Go to My day</Link>
      </p>
    </section>
  );
}
