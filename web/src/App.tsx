import { lazy, Suspense } from 'react';
import { load } from './routes/chunks';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from './components/AppShell';
import { ContactsPage } from './contacts/ContactsPage';
import { ContactPage } from './contacts/ContactPage';
import { CreateContactPage } from './contacts/CreateContactPage';
import { NotYetPage } from './pages/NotYetPage';
import { CompaniesPage } from './companies/CompaniesPage';
import { CompanyPage } from './companies/CompanyPage';
import { CreateCompanyPage } from './companies/CreateCompanyPage';
import { MyDayPage } from './myday/MyDayPage';
import { SupportQueuePage } from './support/SupportQueuePage';
import { TicketPage } from './support/TicketPage';
import { IMPORT_KINDS, type ImportKind } from './imports/kinds';
import type { DuplicateKind } from './duplicates/contract';

// The deal screens (board with drag and drop, dialogs) load on first visit, outside the initial bundle.
const DealsPage = lazy(() => load('/deals').then((m) => ({ default: m.DealsPage })));
const CreateDealPage = lazy(() => load('/deals/new').then((m) => ({ default: m.CreateDealPage })));
const DealPage = lazy(() => load('/deals/:id').then((m) => ({ default: m.DealPage })));

function Loading() {
  return <p role="status">Loading…</p>;
}

// Lazy: the charts library stays out of the initial bundle.
const DashboardsPage = lazy(() => load('/dashboards'));
// Lazy: the admin screens load only for the admins who open them.
const AdminPage = lazy(() => load('/admin'));

// The inbox and the notification settings (react-hook-form and zod) load on first visit; the nav's badge does not.
const InboxPage = lazy(() => load('/inbox'));
const OpenLinkPage = lazy(() => load('/inbox/open'));
const NotificationSettingsPage = lazy(() => load('/settings/notifications'));
// The import screen (upload, mapping, progress) loads on first visit, or when a list's Import link is hovered.
const ImportPage = lazy(() => load('/contacts/import').then((m) => ({ default: m.ImportPage })));

// Duplicates and the merge screen load on first visit, or when a Duplicates or Merge… link is hovered or focused.
const DuplicatesPage = lazy(() => load('/contacts/duplicates').then((m) => ({ default: m.DuplicatesPage })));
const MergePage = lazy(() => load('/contacts/merge').then((m) => ({ default: m.MergePage })));

/** `/<kind>/duplicates` and `/<kind>/merge` for contacts and companies. */
function duplicateRoutes(kind: DuplicateKind) {
  return [
    <Route
      key={`${kind}-duplicates`}
      path={`/${kind}/duplicates`}
      element={<Suspense fallback={<Loading />}><DuplicatesPage kind={kind} /></Suspense>}
    />,
    <Route
      key={`${kind}-merge`}
      path={`/${kind}/merge`}
      element={<Suspense fallback={<Loading />}><MergePage kind={kind} /></Suspense>}
    />,
  ];
}

/** `/<kind>/import` and `/<kind>/import/:id` for each kind the app imports. */
function importRoutes(kind: ImportKind, path: string) {
  const page = (
    <Suspense fallback={<Loading />}>
      <ImportPage kind={kind} />
    </Suspense>
  );
  return [
    <Route key={path} path={path} element={page} />,
    <Route key={`${path}/:id`} path={`${path}/:id`} element={page} />,
  ];
}

export function App() {
  return (
    <AppShell>
      <Routes>
        <Route path="/" element={<Navigate to="/my-day" replace />} />
        <Route path="/contacts" element={<ContactsPage />} />
        <Route path="/contacts/new" element={<CreateContactPage />} />
        {IMPORT_KINDS.flatMap((k) => importRoutes(k.kind, k.path))}
        {duplicateRoutes('contacts')}
        {duplicateRoutes('companies')}
        <Route path="/contacts/:id" element={<ContactPage />} />
        <Route path="/my-day" element={<MyDayPage />} />
        <Route path="/companies" element={<CompaniesPage />} />
        <Route path="/companies/new" element={<CreateCompanyPage />} />
        <Route path="/companies/:id" element={<CompanyPage />} />
        <Route path="/deals" element={<Suspense fallback={<Loading />}><DealsPage /></Suspense>} />
        <Route path="/deals/new" element={<Suspense fallback={<Loading />}><CreateDealPage /></Suspense>} />
        <Route path="/deals/:id" element={<Suspense fallback={<Loading />}><DealPage /></Suspense>} />
        <Route path="/support" element={<SupportQueuePage />} />
        <Route path="/support/:id" element={<TicketPage />} />
        <Route
          path="/dashboards"
          element={
            <Suspense fallback={<p role="status">Loading dashboards…</p>}>
              <DashboardsPage />
            </Suspense>
          }
        />
        <Route path="/admin/*" element={<Suspense fallback={<Loading />}><AdminPage /></Suspense>} />
        <Route path="/inbox" element={<Suspense fallback={<Loading />}><InboxPage /></Suspense>} />
        <Route path="/inbox/open/:type/:id" element={<Suspense fallback={<Loading />}><OpenLinkPage /></Suspense>} />
        <Route
          path="/settings/notifications"
          element={<Suspense fallback={<Loading />}><NotificationSettingsPage /></Suspense>}
        />
        <Route path="*" element={<NotYetPage title="Page not found" />} />
      </Routes>
    </AppShell>
  );
}
