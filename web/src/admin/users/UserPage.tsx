import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { directoryApi, type DirectorySchemas } from '../../api/client';
import { useSession } from '../../auth/AuthContext';
import { ifMatch } from '../../api/etag';
import { ApiError, dataOrThrow } from '../../api/problems';
import { ConfirmDialog, Dialog } from '../kit/Dialog';
import { Field, FormStatus } from '../kit/Field';
import { applyProblem, messageOf } from '../kit/formProblem';
import { BackLink, NotLoaded } from '../kit/RecordPage';
import { formatWhen } from '../kit/format';
import styles from '../kit/admin.module.css';
import { ActiveBadge } from './UsersPage';
import { UserOptions } from './UserOptions';
import { keys, useAllUsers, userLabel, useUsersById, type User } from './directory';

/** The IANA time zones the browser knows (the service stores any name of at most 64 characters). */
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

export const userSchema = z.object({
  managerId: z.string(),
  timeZone: z
    .string()
    .trim()
    .max(64, 'At most 64 characters.')
    .refine((tz) => tz === '' || TIME_ZONES.length === 0 || TIME_ZONES.includes(tz) || tz === 'UTC', {
      message: 'Choose a time zone from the list, such as Europe/London.',
    }),
});
type UserForm = z.infer<typeof userSchema>;

/** The merge patch of what changed: only changed fields, null to clear one. */
export function userPatch(user: User, values: UserForm): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  if ((user.managerId ?? '') !== values.managerId) patch.managerId = values.managerId || null;
  if ((user.timeZone ?? '') !== values.timeZone.trim()) patch.timeZone = values.timeZone.trim() || null;
  return patch;
}

function useInvalidateUsers() {
  const queries = useQueryClient();
  return (user: User) => {
    if (user.id) queries.setQueryData(keys.user(user.id), user);
    void queries.invalidateQueries({ queryKey: keys.users, predicate: (q) => q.queryKey[2] !== 'one' });
  };
}

/**
 * One user: what the directory knows, the fields Atrium owns (manager, time zone) edited with If-Match, and
 * deactivate (optionally moving their records to a colleague), reactivate, and reassign records.
 */
export function UserPage() {
  const { id = '' } = useParams();
  const user = useQuery({
    queryKey: keys.user(id),
    queryFn: async ({ signal }) =>
      dataOrThrow(await directoryApi.GET('/api/v1/users/{id}', { params: { path: { id } }, signal })),
  });
  const teams = useQuery({
    queryKey: [...keys.teams, 'member', id],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await directoryApi.GET('/api/v1/teams', { params: { query: { member: id, sort: 'name', limit: 200 } }, signal }),
      ).items ?? [],
  });
  const manager = useUsersById([user.data?.managerId]).get(user.data?.managerId ?? '');

  if (user.isError) {
    return <NotLoaded record="User" back="/admin/users" backLabel="Users" error={user.error} />;
  }
  if (!user.data) return <p role="status">Loading user…</p>;
  const u = user.data;

  return (
    <section>
      <BackLink to="/admin/users">Users</BackLink>
      <div className={styles.header}>
        <h1>{userLabel(u)}</h1>
        <ActiveBadge active={u.active} />
      </div>
      <div className={styles.layout}>
        <div className="card">
          <h2>Details</h2>
          <dl className={styles.facts}>
            <dt>User name</dt>
            <dd>{u.userName}</dd>
            <dt>Email</dt>
            <dd>{u.email || '—'}</dd>
            <dt>Manager</dt>
            <dd>{u.managerId ? <Link to={`/admin/users/${u.managerId}`}>{userLabel(manager) || 'Loading…'}</Link> : 'None'}</dd>
            <dt>Time zone</dt>
            <dd>{u.timeZone || '—'}</dd>
            <dt>Teams</dt>
            <dd>
              {teams.data === undefined
                ? ''
                : teams.data.length === 0
                  ? 'None'
                  : teams.data.map((t, i) => (
                      <span key={t.id}>
                        {i > 0 && ', '}
                        <Link to={`/admin/teams/${t.id}`}>{t.name}</Link>
                      </span>
                    ))}
            </dd>
            <dt>Status</dt>
            <dd>{u.active ? 'Active: can sign in' : `Inactive since ${formatWhen(u.deactivatedAt)}`}</dd>
            <dt>Created</dt>
            <dd>{formatWhen(u.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>
              {formatWhen(u.updatedAt)}
              {u.updatedBy ? ` by ${u.updatedBy}` : ''}
            </dd>
          </dl>
          <p className={styles.hint}>
            Name, user name and email come from the identity provider (SCIM); roles are granted there too.
          </p>
        </div>
        <div className={styles.stack}>
          <EditUser user={u} />
          <UserStatus user={u} />
        </div>
      </div>
    </section>
  );
}

function EditUser({ user }: { user: User }) {
  const candidates = useAllUsers(true);
  const saved = useInvalidateUsers();
  const queries = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const defaults = useMemo(() => ({ managerId: user.managerId ?? '', timeZone: user.timeZone ?? '' }), [user]);
  const form = useForm<UserForm>({ resolver: zodResolver(userSchema), defaultValues: defaults });
  const { register, handleSubmit, reset, setError, formState } = form;
  useEffect(() => reset(defaults), [defaults, reset]);

  const save = useMutation({
    mutationFn: async (values: UserForm) =>
      dataOrThrow(
        await directoryApi.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id! }, header: { 'If-Match': ifMatch(user) } },
          // A JSON merge patch (RFC 7386): only what changed; null clears.
          body: userPatch(user, values) as DirectorySchemas['UserDetails'],
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSuccess: (next) => {
      saved(next);
      setDone(true);
    },
    onError: (e) => {
      setGeneral(applyProblem(e, setError, (f) => (f === 'managerId' || f === 'timeZone' ? f : null)));
      if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.user(user.id!) });
    },
  });

  const managers = (candidates.data ?? []).filter((c) => c.id !== user.id);
  // The current manager stays choosable even when inactive or not loaded.
  const current = user.managerId && !managers.some((m) => m.id === user.managerId) ? user.managerId : null;
  const zones = user.timeZone && !TIME_ZONES.includes(user.timeZone) ? [user.timeZone, ...TIME_ZONES] : TIME_ZONES;

  return (
    <form
      className={`card ${styles.form}`}
      noValidate
      onSubmit={handleSubmit((values) => {
        setGeneral(null);
        setDone(false);
        if (Object.keys(userPatch(user, values)).length === 0) {
          setDone(true);
          return;
        }
        save.mutate(values);
      })}
    >
      <h2>Edit</h2>
      <FormStatus error={general} saved={done && !formState.isDirty} />
      <Field id="user-manager" label="Manager" error={formState.errors.managerId?.message}>
        {(control) => (
          <select {...control} {...register('managerId')}>
            <option value="">No manager</option>
            {current && <option value={current}>(current manager)</option>}
            <UserOptions users={managers} />
          </select>
        )}
      </Field>
      <Field id="user-tz" label="Time zone" error={formState.errors.timeZone?.message}>
        {(control) => (
          <select {...control} {...register('timeZone')}>
            <option value="">Not set</option>
            {zones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

const deactivateSchema = z.object({
  reassignTo: z.string().min(1, 'Choose who takes over their records, or keep the records where they are.'),
});
type DeactivateForm = z.infer<typeof deactivateSchema>;
const KEEP = 'keep';

/** Active: deactivate (with reassignment). Inactive: reactivate, or move their records. */
function UserStatus({ user }: { user: User }) {
  const [dialog, setDialog] = useState<'deactivate' | 'reactivate' | 'reassign' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const saved = useInvalidateUsers();
  const queries = useQueryClient();
  const name = userLabel(user);
  const self = useSession().user.profile.sub === user.subject;

  const reactivate = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        await directoryApi.POST('/api/v1/users/{id}/reactivate', {
          params: { path: { id: user.id! }, header: { 'If-Match': ifMatch(user) } },
        }),
      ),
    onSuccess: (next) => {
      saved(next);
      setDialog(null);
      setMessage({ ok: true, text: `${name} is active again and can sign in.` });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.user(user.id!) });
    },
  });

  return (
    <div className="card">
      <h2>Access</h2>
      {message && (
        <p className={message.ok ? styles.success : 'alert'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {user.active && self ? (
        <p>This is your own account: another admin can deactivate it.</p>
      ) : user.active ? (
        <>
          <p>{name} can sign in. Deactivating stops that at once; their records can move to a colleague.</p>
          <button type="button" className={`button ${styles.dangerOutline}`} onClick={() => { setMessage(null); setDialog('deactivate'); }}>
            Deactivate…
          </button>
        </>
      ) : (
        <>
          <p>{name} cannot sign in. Their records and team memberships stayed.</p>
          <div className={styles.actions}>
            <button type="button" className="button primary" onClick={() => { setMessage(null); reactivate.reset(); setDialog('reactivate'); }}>
              Reactivate…
            </button>
            <button type="button" className="button" onClick={() => { setMessage(null); setDialog('reassign'); }}>
              Reassign records…
            </button>
          </div>
        </>
      )}
      <DeactivateDialog
        user={user}
        open={dialog === 'deactivate' || dialog === 'reassign'}
        reassignOnly={dialog === 'reassign'}
        onClose={() => setDialog(null)}
        onDone={(text, ok) => {
          setDialog(null);
          setMessage({ ok, text });
        }}
      />
      <ConfirmDialog
        open={dialog === 'reactivate'}
        title={`Reactivate ${name}?`}
        confirmLabel={`Reactivate ${name}`}
        pending={reactivate.isPending}
        error={reactivate.isError ? messageOf(reactivate.error) : null}
        onConfirm={() => reactivate.mutate()}
        onCancel={() => setDialog(null)}
      >
        <p>They can sign in again with their identity provider account. Records moved to others stay with them.</p>
      </ConfirmDialog>
    </div>
  );
}

interface DeactivateProps {
  user: User;
  open: boolean;
  /** Only move the records of an already inactive user. */
  reassignOnly: boolean;
  onClose(): void;
  onDone(message: string, ok: boolean): void;
}

/**
 * Deactivates a user after asking whom their records go to: deactivation first (If-Match), then the reassignment
 * request (Idempotency-Key), which each service applies as it reads the event.
 */
function DeactivateDialog({ user, open, reassignOnly, onClose, onDone }: DeactivateProps) {
  const colleagues = useAllUsers(true);
  const saved = useInvalidateUsers();
  const queries = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState } = useForm<DeactivateForm>({
    resolver: zodResolver(deactivateSchema),
    defaultValues: { reassignTo: '' },
  });
  useEffect(() => {
    if (open) {
      reset({ reassignTo: '' });
      setGeneral(null);
    }
  }, [open, reset]);
  const name = userLabel(user);
  const options = (colleagues.data ?? []).filter((c) => c.id !== user.id);

  const run = useMutation({
    mutationFn: async ({ reassignTo }: DeactivateForm) => {
      let deactivated = false;
      if (!reassignOnly) {
        saved(
          dataOrThrow(
            await directoryApi.POST('/api/v1/users/{id}/deactivate', {
              params: { path: { id: user.id! }, header: { 'If-Match': ifMatch(user) } },
            }),
          ),
        );
        deactivated = true;
      }
      if (reassignTo === KEEP) return { deactivated, to: null };
      const to = options.find((o) => o.id === reassignTo);
      try {
        dataOrThrow(
          await directoryApi.POST('/api/v1/users/{id}/reassignments', {
            params: { path: { id: user.id! }, header: { 'Idempotency-Key': crypto.randomUUID() } },
            body: { to: reassignTo },
          }),
        );
      } catch (e) {
        if (deactivated) throw new PartialFailure(e);
        throw e;
      }
      // The request bumped the user's version: read it again, so the next write carries the current If-Match.
      await queries.invalidateQueries({ queryKey: keys.user(user.id!) });
      return { deactivated, to: userLabel(to) };
    },
    onSuccess: ({ deactivated, to }) => {
      const moved = to ? `Their contacts, companies, deals, open tasks and tickets are moving to ${to}; each part of Atrium applies it within moments.` : 'Their records stay with them.';
      onDone(deactivated ? `${name} is deactivated and can no longer sign in. ${moved}` : moved, true);
    },
    onError: (e) => {
      if (e instanceof PartialFailure) {
        onDone(`${name} is deactivated, but moving their records failed: ${messageOf(e.cause)} Use “Reassign records…” to try again.`, false);
        return;
      }
      if (e instanceof ApiError && e.status === 412) void queries.invalidateQueries({ queryKey: keys.user(user.id!) });
      setGeneral(messageOf(e));
    },
  });

  const error = formState.errors.reassignTo?.message;
  return (
    <Dialog open={open} title={reassignOnly ? `Reassign ${name}’s records` : `Deactivate ${name}?`} onClose={onClose}>
      <form className={styles.form} noValidate onSubmit={handleSubmit((v) => { setGeneral(null); run.mutate(v); })}>
        {!reassignOnly && (
          <div className={styles.dialogBody}>
            <p>
              <strong>{name}</strong> will no longer be able to sign in. Their team memberships stay, and you can
              reactivate them later.
            </p>
          </div>
        )}
        <FormStatus error={general} />
        <Field
          id="reassign-to"
          label="Move their records to"
          error={error}
          hint="Owned contacts, companies and deals, and assigned open tasks and tickets."
        >
          {(control) => (
            <select {...control} {...register('reassignTo')}>
              <option value="">Choose…</option>
              {!reassignOnly && <option value={KEEP}>Nobody: keep the records where they are</option>}
              <UserOptions users={options} />
            </select>
          )}
        </Field>
        <div className={styles.actions}>
          <button type="submit" className={`button primary ${reassignOnly ? '' : styles.danger}`} disabled={run.isPending}>
            {run.isPending ? 'Working…' : reassignOnly ? 'Reassign records' : `Deactivate ${name}`}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The user was deactivated but the reassignment request failed. */
class PartialFailure extends Error {
  constructor(readonly cause: unknown) {
    super('deactivated, reassignment failed');
  }
}
