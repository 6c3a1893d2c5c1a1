import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { directoryApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { applyProblem } from '../kit/formProblem';
import styles from '../kit/admin.module.css';
import { UserSelect } from './UserSelect';
import { teamFieldOf, teamSchema, useTeamSaved, type TeamForm } from './teams';

/** A new team: its name (unique) and, optionally, its manager; members are added on the team's page. */
export function CreateTeamPage() {
  const navigate = useNavigate();
  const saved = useTeamSaved();
  const [general, setGeneral] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<TeamForm>({
    resolver: zodResolver(teamSchema),
    defaultValues: { name: '', managerId: '' },
  });
  const create = useMutation({
    mutationFn: async (v: TeamForm) =>
      dataOrThrow(
        await directoryApi.POST('/api/v1/teams', {
          params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { name: v.name.trim(), managerId: v.managerId || undefined },
        }),
      ),
    onSuccess: (team) => {
      saved(team);
      void navigate(`/admin/teams/${team.id}`, { state: { created: true } });
    },
    onError: (e) => setGeneral(applyProblem(e, setError, teamFieldOf)),
  });
  const { errors } = formState;

  return (
    <section>
      <Link to="/admin/teams" className={styles.back}>
        ← Teams
      </Link>
      <h1>New team</h1>
      <form
        className={styles.form}
        noValidate
        onSubmit={handleSubmit((v) => {
          setGeneral(null);
          create.mutate(v);
        })}
      >
        {general && (
          <p className="alert" role="alert">
            {general}
          </p>
        )}
        <div className={styles.field}>
          <label htmlFor="team-name">Name</label>
          <input
            id="team-name"
            autoComplete="off"
            {...register('name')}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'team-name-error' : undefined}
          />
          {errors.name && (
            <span id="team-name-error" className={styles.error}>
              {errors.name.message}
            </span>
          )}
        </div>
        <div className={styles.field}>
          <label htmlFor="team-manager">Manager (optional)</label>
          <UserSelect
            id="team-manager"
            emptyLabel="No manager"
            {...register('managerId')}
            aria-invalid={errors.managerId ? true : undefined}
            aria-describedby={errors.managerId ? 'team-manager-error' : undefined}
          />
          {errors.managerId && (
            <span id="team-manager-error" className={styles.error}>
              {errors.managerId.message}
            </span>
          )}
        </div>
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create team'}
          </button>
          <Link to="/admin/teams" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
