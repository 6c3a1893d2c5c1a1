import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { directoryApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { FormStatus } from '../kit/Field';
import { applyProblem } from '../kit/formProblem';
import { BackLink } from '../kit/RecordPage';
import styles from '../kit/admin.module.css';
import { TeamFields } from './TeamFields';
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
      <BackLink to="/admin/teams">Teams</BackLink>
      <h1>New team</h1>
      <form
        className={styles.form}
        noValidate
        onSubmit={handleSubmit((v) => {
          setGeneral(null);
          create.mutate(v);
        })}
      >
        <FormStatus error={general} />
        <TeamFields register={register} errors={errors} managerLabel="Manager (optional)" />
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
