import { useCallback, useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { directoryApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { useDebounced } from '../../components/useDebounced';
import { VirtualTable } from '../../components/VirtualTable';
import tableStyles from '../../components/VirtualTable.module.css';
import listStyles from '../../components/ListPage.module.css';
import styles from '../kit/admin.module.css';
import { keys, teamsByMember, useAllTeams, userLabel, useUsersById, type User } from './directory';

export const PAGE_SIZE = 50;
export const SEARCH_DELAY_MS = 250;

const STATES = [
  { value: '', label: 'Active and inactive' },
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
];

export function ActiveBadge({ active }: { active: boolean | undefined }) {
  return active ? (
    <span className={`${styles.badge} ${styles.good}`}>Active</span>
  ) : (
    <span className={`${styles.badge} ${styles.neutral}`}>Inactive</span>
  );
}

interface Row {
  user: User;
  teams: string;
  manager: string;
}

const column = createColumnHelper<Row>();
const columns = [
  column.accessor((r) => userLabel(r.user), {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <Link className={tableStyles.name} to={`/admin/users/${info.row.original.user.id}`}>
        {info.getValue()}
      </Link>
    ),
    meta: { width: '22%', phoneWidth: '68%' },
  }),
  column.accessor((r) => r.user.email ?? '', { id: 'email', header: 'Email', meta: { optional: true, width: '24%' } }),
  column.accessor((r) => r.teams, { id: 'teams', header: 'Teams', meta: { optional: true, width: '20%' } }),
  column.accessor((r) => r.manager, { id: 'manager', header: 'Manager', meta: { optional: true, width: '20%' } }),
  column.accessor((r) => r.user.active, {
    id: 'active',
    header: 'Status',
    cell: (info) => <ActiveBadge active={info.getValue()} />,
    meta: { width: '14%', phoneWidth: '32%' },
  }),
];

/**
 * Users: search as you type (the API's `q` over name and email), active/inactive, a virtualised keyset-paged table
 * with each person's teams (from the teams' members) and manager. Roles are the identity provider's and not in the
 * directory's API, so they are not shown.
 */
export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const state = params.get('active') ?? '';
  const search = useDebounced(q.trim(), SEARCH_DELAY_MS);
  const active = state === '' ? undefined : state === 'true';

  const users = useInfiniteQuery({
    queryKey: [...keys.users, 'list', { q: search, active }],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await directoryApi.GET('/api/v1/users', {
          params: { query: { q: search || undefined, active, limit: PAGE_SIZE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const teams = useAllTeams();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = users;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const loaded = useMemo(() => users.data?.pages.flatMap((p) => p.items ?? []) ?? [], [users.data]);
  const managers = useUsersById(loaded.map((u) => u.managerId));
  const byMember = useMemo(() => teamsByMember(teams.data), [teams.data]);
  const rows: Row[] = useMemo(
    () =>
      loaded.map((user) => ({
        user,
        teams: (byMember.get(user.id ?? '') ?? []).join(', '),
        manager: user.managerId
          ? userLabel(managers.get(user.managerId) ?? loaded.find((u) => u.id === user.managerId))
          : '',
      })),
    [loaded, byMember, managers],
  );

  const update = (next: { q?: string; active?: string }) => {
    const merged = { q, active: state, ...next };
    const entries: Record<string, string> = {};
    if (merged.q) entries.q = merged.q;
    if (merged.active) entries.active = merged.active;
    setParams(entries, { replace: true });
  };

  return (
    <section>
      <div className={listStyles.toolbar}>
        <h1>Users</h1>
      </div>
      <div className={listStyles.filters}>
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          className={listStyles.search}
          type="search"
          placeholder="Search by name or email"
          autoComplete="off"
          value={q}
          onChange={(e) => update({ q: e.target.value })}
        />
        <label htmlFor="user-active" className="visually-hidden">
          Show users
        </label>
        <select id="user-active" className={listStyles.sort} value={state} onChange={(e) => update({ active: e.target.value })}>
          {STATES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {users.isError ? (
        <p className="alert" role="alert">
          Could not load users: {users.error.message}
        </p>
      ) : users.isPending ? (
        <p role="status">Loading users…</p>
      ) : rows.length === 0 ? (
        <p role="status">{search ? `No user matches “${search}”.` : 'No users.'}</p>
      ) : (
        <VirtualTable
          rows={rows}
          columns={columns}
          getRowId={(r, i) => r.user.id ?? String(i)}
          rowHref={(r) => `/admin/users/${r.user.id}`}
          label="Users list"
          noun={['user', 'users']}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
