import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { keys, type Team } from '../users/directory';

/** A team's name and manager, as the create and edit forms take them. */
export const teamSchema = z.object({
  name: z.string().trim().min(1, 'Enter the team’s name.').max(200, 'At most 200 characters.'),
  managerId: z.string(),
});
export type TeamForm = z.infer<typeof teamSchema>;

/** The API field a problem names, as a form field. */
export function teamFieldOf(apiField: string): keyof TeamForm | null {
  return apiField === 'name' || apiField === 'managerId' ? apiField : null;
}

/** After a team changed: this team's cache, every team list here, and the support queue's team names. */
export function useTeamSaved() {
  const queries = useQueryClient();
  return (team: Team | null, id?: string) => {
    if (team?.id) queries.setQueryData(keys.team(team.id), team);
    if (!team && id) queries.removeQueries({ queryKey: keys.team(id) });
    void queries.invalidateQueries({ queryKey: keys.teams, predicate: (q) => q.queryKey[2] !== 'one' });
    void queries.invalidateQueries({ queryKey: ['teams'] });
  };
}
