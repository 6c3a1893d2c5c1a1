import { Route, Routes } from 'react-router';
import { TeamsPage } from './TeamsPage';
import { CreateTeamPage } from './CreateTeamPage';
import { TeamPage } from './TeamPage';

/** /admin/teams: the list, a new team, one team with its members. */
export default function TeamsSection() {
  return (
    <Routes>
      <Route index element={<TeamsPage />} />
      <Route path="new" element={<CreateTeamPage />} />
      <Route path=":id" element={<TeamPage />} />
    </Routes>
  );
}
