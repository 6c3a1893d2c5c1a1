import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from './components/AppShell';
import { ContactsPage } from './contacts/ContactsPage';
import { ContactPage } from './contacts/ContactPage';
import { CreateContactPage } from './contacts/CreateContactPage';
import { NotYetPage } from './pages/NotYetPage';

// Lazy: the charts library stays out of the initial bundle.
const DashboardsPage = lazy(() => import('./dashboards/DashboardsPage'));

export function App() {
  return (
    <AppShell>
      <Routes>
        <Route path="/" element={<Navigate to="/contacts" replace />} />
        <Route path="/contacts" element={<ContactsPage />} />
        <Route path="/contacts/new" element={<CreateContactPage />} />
        <Route path="/contacts/:id" element={<ContactPage />} />
        <Route path="/my-day" element={<NotYetPage title="My day" />} />
        <Route path="/companies" element={<NotYetPage title="Companies" />} />
        <Route path="/deals" element={<NotYetPage title="Deals" />} />
        <Route path="/support" element={<NotYetPage title="Support" />} />
        <Route
          path="/dashboards"
          element={
            <Suspense fallback={<p role="status">Loading dashboards…</p>}>
              <DashboardsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotYetPage title="Page not found" />} />
      </Routes>
    </AppShell>
  );
}
