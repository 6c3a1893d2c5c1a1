import { useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { directoryApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { useDebounced } from '../../components/useDebounced';
import listStyles from '../../components/ListPage.module.css';
import { DataTable } from '../kit/DataTable';
import styles from '../kit/admin.module.css';
import { keys, userLabel, useUsersById, type Team } from '../users/directory';

interface Row {
  team: Team;
  manager: string;
}

const column = createColumnHelper<Row>();
const columns = [
  column.accessor((r) => r.team.name ?? '', {
    id: 'name',
    header: 'Team',
    cell: (info) => (
      <Link className={styles.name} to={`/admin/teams/${info.row.original.team.id}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor((r) => r.manager, { id: 'manager', header: 'Manager', meta: { optional: true } }),
  column.accessor((r) => r.team.memberIds?.length ?? 0, {
    id: 'members',
    header: 'Members',
    cell: (info) => <span className={styles.nowrap}>{`${info.getValue()} ${info.getValue() === 1 ? 'member' : 'members'}`}</span>,
  }),
];

/** Teams: search by name, each with its manager and member count; "New team". */
export function TeamsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const search = useDebounced(q.trim(), 250);
  const teams = useInfiniteQuery({
    queryKey: [...keys.teams, 'list', { q: search }],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await directoryApi.GET('/api/v1/teams', {
          params: { query: { q: search || undefined, sort: 'name', limit: 100, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const loaded = useMemo(() => teams.data?.pages.flatMap((p) => p.items ?? []) ?? [], [teams.data]);
  const managers = useUsersById(loaded.map((t) => t.managerId));
  const rows = loaded.map((team) => ({
    team,
    manager: team.managerId ? userLabel(managers.get(team.managerId)) : '—',
  }));

  return (
    <section>
      <div className={listStyles.toolbar}>
        <h1>Teams</h1>
        <Link to="/admin/teams/new" className="button primary">
          New team
        </Link>
      </div>
      <label htmlFor="team-search" className="visually-hidden">
        Search teams
      </label>
      <input
        id="team-search"
        className={listStyles.search}
        type="search"
        placeholder="Search by name"
        autoComplete="off"
        value={q}
        onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
      />
      {teams.isError ? (
        <p className="alert" role="alert">
          Could not load teams: {teams.error.message}
        </p>
      ) : teams.isPending ? (
        <p role="status">Loading teams…</p>
      ) : rows.length === 0 ? (
        <p role="status">{search ? `No team matches “${search}”.` : 'No teams yet.'}</p>
      ) : (
        <>
          <DataTable rows={rows} columns={columns} getRowId={(r, i) => r.team.id ?? String(i)} caption="Teams" />
          <div className={styles.listFooter}>
            <span className="muted" aria-live="polite">
              {rows.length} {rows.length === 1 ? 'team' : 'teams'}
              {teams.hasNextPage ? ' shown, more available' : ''}
            </span>
            {teams.hasNextPage && (
              <button type="button" className="button" disabled={teams.isFetchingNextPage} onClick={() => void teams.fetchNextPage()}>
                {teams.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
