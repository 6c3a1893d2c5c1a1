import { Route, Routes } from 'react-router';
import { UsersPage } from './UsersPage';
import { UserPage } from './UserPage';

/** /admin/users: the directory's people, and one person's page. */
export default function UsersSection() {
  return (
    <Routes>
      <Route index element={<UsersPage />} />
      <Route path=":id" element={<UserPage />} />
    </Routes>
  );
}
