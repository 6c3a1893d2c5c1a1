import { Suspense } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { useHasRole } from '../auth/AuthContext';
import { sections } from './sections';
import styles from './AdminPage.module.css';

/** /admin/*: the admin sections (sections.ts) under a sub-navigation; only for the admin role. */
export default function AdminPage() {
  const admin = useHasRole('admin');
  if (!admin) {
    return (
      <section>
        <h1>Admin</h1>
        <p className="alert" role="alert">
          Administration needs the admin role.
        </p>
      </section>
    );
  }
  return (
    <div className={styles.admin}>
      <nav className={styles.subnav} aria-label="Admin">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <NavLink to={`/admin/${s.path}`} className={styles.link}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className={styles.content}>
        <Routes>
          <Route index element={<AdminHome />} />
          {sections.map((s) => (
            <Route
              key={s.path}
              path={`${s.path}/*`}
              element={
                <Suspense fallback={<p role="status">Loading…</p>}>
                  <s.component />
                </Suspense>
              }
            />
          ))}
          <Route path="*" element={<p role="status">No such admin page.</p>} />
        </Routes>
      </div>
    </div>
  );
}

function AdminHome() {
  return (
    <section>
      <h1>Admin</h1>
      <ul className={styles.overview}>
        {sections.map((s) => (
          <li key={s.path} className="card">
            <h2>
              <Link to={`/admin/${s.path}`}>{s.label}</Link>
            </h2>
            <p className="muted">{s.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
