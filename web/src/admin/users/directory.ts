import { useQueries, useQuery } from '@tanstack/react-query';
import { directoryApi, type DirectorySchemas } from '../../api/client';
import { dataOrThrow } from '../../api/problems';

export type User = DirectorySchemas['UserView'];
export type Team = DirectorySchemas['TeamView'];

/** The most rows a picker loads (the API's page limit is 200; ten pages). */
const MAX_PAGES = 10;

/** A person's name as people read it: display name, else given and family name, else the user name. */
export function userLabel(user: User | undefined | null): string {
  if (!user) return '';
  const full = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return user.displayName || full || user.userName || user.id || '';
}

/** Query keys of the admin screens' directory data (apart from support's ['teams'], which has another shape). */
export const keys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', 'one', id] as const,
  allUsers: (active?: boolean) => ['admin', 'users', 'all', active ?? 'any'] as const,
  teams: ['admin', 'teams'] as const,
  team: (id: string) => ['admin', 'teams', 'one', id] as const,
  allTeams: ['admin', 'teams', 'all'] as const,
};

/** Every user (active ones only when asked), for pickers: up to 2,000, sorted by user name. */
export function useAllUsers(active?: boolean) {
  return useQuery({
    queryKey: keys.allUsers(active),
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const users: User[] = [];
      let after: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = dataOrThrow(
          await directoryApi.GET('/api/v1/users', { params: { query: { active, limit: 200, after } }, signal }),
        );
        users.push(...(page.items ?? []));
        if (!page.next) break;
        after = page.next;
      }
      return users;
    },
  });
}

/** Every team, sorted by name. */
export function useAllTeams() {
  return useQuery({
    queryKey: keys.allTeams,
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const teams: Team[] = [];
      let after: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = dataOrThrow(
          await directoryApi.GET('/api/v1/teams', { params: { query: { sort: 'name', limit: 200, after } }, signal }),
        );
        teams.push(...(page.items ?? []));
        if (!page.next) break;
        after = page.next;
      }
      return teams;
    },
  });
}

/** The names of the teams each user is in, from the teams' member lists. */
export function teamsByMember(teams: Team[] | undefined): Map<string, string[]> {
  const byMember = new Map<string, string[]>();
  for (const team of teams ?? []) {
    for (const member of team.memberIds ?? []) {
      byMember.set(member, [...(byMember.get(member) ?? []), team.name ?? '']);
    }
  }
  return byMember;
}

/** Users by id, each fetched once (and cached) — for naming managers and members that no list has loaded. */
export function useUsersById(ids: (string | undefined | null)[]): Map<string, User> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: keys.user(id),
      staleTime: 30_000,
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        dataOrThrow(await directoryApi.GET('/api/v1/users/{id}', { params: { path: { id } }, signal })),
    })),
  });
  const byId = new Map<string, User>();
  results.forEach((r) => {
    if (r.data?.id) byId.set(r.data.id, r.data);
  });
  return byId;
}
