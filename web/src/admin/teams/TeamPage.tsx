import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { directoryApi, type DirectorySchemas } from '../../api/client';
import { ifMatch } from '../../api/etag';
import { ApiError, dataOrThrow } from '../../api/problems';
import { DataTable } from '../kit/DataTable';
import { ConfirmDialog } from '../kit/Dialog';
import { Field, FormStatus } from '../kit/Field';
import { BackLink, NotLoaded } from '../kit/RecordPage';
import { applyProblem, messageOf } from '../kit/formProblem';
import { formatWhen } from '../kit/format';
import styles from '../kit/admin.module.css';
import { keys, useAllUsers, userLabel, useUsersById, type Team, type User } from '../users/directory';
import { ActiveBadge } from '../users/UsersPage';
import { TeamFields } from './TeamFields';
import { UserSelect } from './UserSelect';
import { teamFieldOf, teamSchema, useTeamSaved, type TeamForm } from './teams';

/** One team: rename it and change its manager, add and remove members, delete it. Every write sends If-Match. */
export function TeamPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const team = useQuery({
    queryKey: keys.team(id),
    queryFn: async ({ signal }) =>
      dataOrThrow(await directoryApi.GET('/api/v1/teams/{id}', { params: { path: { id } }, signal })),
  });
  const created = (location.state as { created?: boolean } | null)?.created;

  if (team.isError) {
    return <NotLoaded record="Team" back="/admin/teams" backLabel="Teams" error={team.error} />;
  }
  if (!team.data) return <p role="status">Loading team…</p>;
  const t = team.data;
  return (
    <section>
      <BackLink to="/admin/teams">Teams</BackLink>
      <div className={styles.header}>
        <h1>{t.name}</h1>
      </div>
      {created && (
        <p className={styles.success} role="status">
          Team created. Add its members below.
        </p>
      )}
      <div className={styles.layout}>
        <div className={styles.stack}>
          <Members team={t} />
        </div>
        <div className={styles.stack}>
          <EditTeam team={t} />
          <DeleteTeam team={t} />
        </div>
      </div>
    </section>
  );
}

/** A 412 reloads the team so the next try carries its current version. */
function useReloadOn412(id: string) {
  const queries = useQueryClient();
  return (e: unknown) => {
    if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.team(id) });
  };
}

function EditTeam({ team }: { team: Team }) {
  const saved = useTeamSaved();
  const reload = useReloadOn412(team.id!);
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const defaults = useMemo(() => ({ name: team.name ?? '', managerId: team.managerId ?? '' }), [team]);
  const { register, handleSubmit, reset, setError, formState } = useForm<TeamForm>({
    resolver: zodResolver(teamSchema),
    defaultValues: defaults,
  });
  useEffect(() => reset(defaults), [defaults, reset]);
  const save = useMutation({
    mutationFn: async (v: TeamForm) => {
      const patch: Record<string, string | null> = {};
      if (v.name.trim() !== team.name) patch.name = v.name.trim();
      if (v.managerId !== (team.managerId ?? '')) patch.managerId = v.managerId || null;
      return dataOrThrow(
        await directoryApi.PATCH('/api/v1/teams/{id}', {
          params: { path: { id: team.id! }, header: { 'If-Match': ifMatch(team) } },
          body: patch as DirectorySchemas['TeamDetails'],
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      );
    },
    onSuccess: (next) => {
      saved(next);
      setDone(true);
    },
    onError: (e) => {
      setGeneral(applyProblem(e, setError, teamFieldOf));
      reload(e);
    },
  });
  const { errors } = formState;
  return (
    <form
      className={`card ${styles.form}`}
      noValidate
      onSubmit={handleSubmit((v) => {
        setGeneral(null);
        setDone(false);
        save.mutate(v);
      })}
    >
      <h2>Edit team</h2>
      <FormStatus error={general} saved={done && !formState.isDirty} />
      <TeamFields register={register} errors={errors} keepManager={team.managerId} />
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save team'}
        </button>
      </div>
      <p className={styles.hint}>
        Created {formatWhen(team.createdAt)}
        {team.createdBy ? ` by ${team.createdBy}` : ''}; updated {formatWhen(team.updatedAt)}
        {team.updatedBy ? ` by ${team.updatedBy}` : ''}.
      </p>
    </form>
  );
}

const addSchema = z.object({ userId: z.string().min(1, 'Choose the person to add.') });
type AddForm = z.infer<typeof addSchema>;

interface MemberRow {
  id: string;
  user: User | undefined;
}
const column = createColumnHelper<MemberRow>();

function Members({ team }: { team: Team }) {
  const saved = useTeamSaved();
  const reload = useReloadOn412(team.id!);
  const memberIds = useMemo(() => team.memberIds ?? [], [team.memberIds]);
  const users = useUsersById(memberIds);
  const everyone = useAllUsers(true);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<AddForm>({
    resolver: zodResolver(addSchema),
    defaultValues: { userId: '' },
  });

  const add = useMutation({
    mutationFn: async ({ userId }: AddForm) =>
      dataOrThrow(
        await directoryApi.POST('/api/v1/teams/{id}/members', {
          params: { path: { id: team.id! }, header: { 'If-Match': ifMatch(team) } },
          body: { userId },
        }),
      ),
    onSuccess: (next, { userId }) => {
      saved(next);
      reset({ userId: '' });
      setMessage(`${userLabel(everyone.data?.find((u) => u.id === userId)) || 'They'} joined ${team.name}.`);
    },
    onError: (e) => {
      setGeneral(applyProblem(e, setError, (f) => (f === 'userId' ? 'userId' : null)));
      reload(e);
    },
  });
  const remove = useMutation({
    mutationFn: async (row: MemberRow) =>
      dataOrThrow(
        await directoryApi.DELETE('/api/v1/teams/{id}/members/{userId}', {
          params: { path: { id: team.id!, userId: row.id }, header: { 'If-Match': ifMatch(team) } },
        }),
      ),
    onSuccess: (next, row) => {
      saved(next);
      setRemoving(null);
      setMessage(`${userLabel(row.user) || 'The member'} left ${team.name}.`);
    },
    onError: reload,
  });

  const rows: MemberRow[] = memberIds.map((id) => ({ id, user: users.get(id) }));
  const columns = [
    column.accessor((r) => userLabel(r.user), {
      id: 'name',
      header: 'Name',
      cell: (info) => (
        <Link className={styles.name} to={`/admin/users/${info.row.original.id}`}>
          {info.getValue() || 'Loading…'}
        </Link>
      ),
    }),
    column.accessor((r) => r.user?.email ?? '', { id: 'email', header: 'Email', meta: { optional: true } }),
    column.accessor((r) => r.user?.active, {
      id: 'status',
      header: 'Status',
      meta: { optional: true },
      cell: (info) => (info.row.original.user ? <ActiveBadge active={info.getValue()} /> : null),
    }),
    column.display({
      id: 'remove',
      header: () => <span className="visually-hidden">Actions</span>,
      cell: (info) => (
        <button
          type="button"
          className="button"
          aria-label={`Remove ${userLabel(info.row.original.user) || 'member'}`}
          onClick={() => {
            remove.reset();
            setMessage(null);
            setRemoving(info.row.original);
          }}
        >
          Remove
        </button>
      ),
    }),
  ];

  const removingName = userLabel(removing?.user) || 'this person';
  return (
    <div className="card">
      <h2>Members ({memberIds.length})</h2>
      {message && (
        <p className={styles.success} role="status">
          {message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No members yet.</p>
      ) : (
        <DataTable rows={rows} columns={columns} getRowId={(r) => r.id} caption={`Members of ${team.name}`} />
      )}
      <form
        className={`${styles.form} ${styles.spaced}`}
        noValidate
        onSubmit={handleSubmit((v) => {
          setGeneral(null);
          setMessage(null);
          add.mutate(v);
        })}
      >
        <h3 className="visually-hidden">Add a member</h3>
        <FormStatus error={general} />
        <Field id="add-member" label="Add a member" error={formState.errors.userId?.message}>
          {(control) => (
            <UserSelect {...control} emptyLabel="Choose a person…" exclude={memberIds} {...register('userId')} />
          )}
        </Field>
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add member'}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={!!removing}
        title={`Remove ${removingName} from ${team.name}?`}
        confirmLabel="Remove from team"
        danger
        pending={remove.isPending}
        error={remove.isError ? messageOf(remove.error) : null}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>They stay in the directory and keep their records; only their membership of this team ends.</p>
      </ConfirmDialog>
    </div>
  );
}

function DeleteTeam({ team }: { team: Team }) {
  const navigate = useNavigate();
  const saved = useTeamSaved();
  const reload = useReloadOn412(team.id!);
  const [open, setOpen] = useState(false);
  const del = useMutation({
    mutationFn: async () => {
      const result = await directoryApi.DELETE('/api/v1/teams/{id}', {
        params: { path: { id: team.id! }, header: { 'If-Match': ifMatch(team) } },
      });
      if (!result.response.ok) dataOrThrow(result);
    },
    onSuccess: () => {
      saved(null, team.id);
      void navigate('/admin/teams');
    },
    onError: reload,
  });
  return (
    <div className="card">
      <h2>Delete team</h2>
      <p>Deleting the team keeps its members in the directory; tickets assigned to it keep its id.</p>
      <button type="button" className={`button ${styles.dangerOutline}`} onClick={() => { del.reset(); setOpen(true); }}>
        Delete team…
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${team.name}?`}
        confirmLabel="Delete team"
        danger
        pending={del.isPending}
        error={del.isError ? messageOf(del.error) : null}
        onConfirm={() => del.mutate()}
        onCancel={() => setOpen(false)}
      >
        <p>
          The team “{team.name}” and its {team.memberIds?.length ?? 0} memberships are removed. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
