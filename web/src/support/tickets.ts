import { useQuery } from '@tanstack/react-query';
import { directoryApi } from '../api/client';
import { dataOrThrow } from '../api/problems';

/** The directory's teams by id, to name a ticket's team (tickets carry the team's id). */
export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const page = dataOrThrow(
        await directoryApi.GET('/api/v1/teams', { params: { query: { limit: 200, sort: 'name' } }, signal }),
      );
      return (page.items ?? []).filter((t) => t.id && t.name).map((t) => ({ id: t.id!, name: t.name! }));
    },
  });
}

export function teamName(teams: { id: string; name: string }[] | undefined, id: string | undefined | null): string {
  // While the teams are loading there is nothing to say yet; "Unknown team" only when they are in and it is not.
  if (!id || !teams) return '';
  return teams.find((t) => t.id === id)?.name ?? 'Unknown team';
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(value: string | undefined | null): string {
  return value ? dateTime.format(new Date(value)) : '';
}
