import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { Field } from '../kit/Field';
import { UserSelect } from './UserSelect';
import type { TeamForm } from './teams';

interface Props {
  register: UseFormRegister<TeamForm>;
  errors: FieldErrors<TeamForm>;
  managerLabel?: string;
  /** The current manager, kept choosable when no longer an active user (editing). */
  keepManager?: string | null;
}

/** A team's name and manager fields, as the new-team and the team's edit form take them. */
export function TeamFields({ register, errors, managerLabel = 'Manager', keepManager }: Props) {
  return (
    <>
      <Field id="team-name" label="Name" error={errors.name?.message}>
        {(control) => <input {...control} autoComplete="off" {...register('name')} />}
      </Field>
      <Field id="team-manager" label={managerLabel} error={errors.managerId?.message}>
        {(control) => <UserSelect {...control} emptyLabel="No manager" keep={keepManager} {...register('managerId')} />}
      </Field>
    </>
  );
}
