import { useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { applyProblem } from '../forms';
import { stageSchema, type StageInput, type StageValues } from './schemas';
import { StageFields } from './StageFields';
import styles from '../Admin.module.css';

/** Where a field error of the stage APIs belongs on the stage form. */
export function stageFieldOf(apiField: string): FieldPath<StageInput> | null {
  return apiField === 'name' || apiField === 'probability' || apiField === 'rottingDays' ? apiField : null;
}

interface Props {
  idPrefix: string;
  defaultValues: StageInput;
  submitLabel: string;
  /** Sends the stage; a rejection's problem lands on the form's fields (or above them). */
  save: (stage: StageValues) => Promise<unknown>;
  /** Empty the form after a save (adding), rather than keep it (editing closes it instead). */
  resetAfterSave?: boolean;
  onCancel?: () => void;
  disabled?: boolean;
  /** Labels the form for assistive technology. */
  label: string;
}

/** Adds or edits one stage (react-hook-form + zod; the service's problems on the named field). */
export function StageForm({ idPrefix, defaultValues, submitLabel, save, resetAfterSave, onCancel, disabled, label }: Props) {
  const [general, setGeneral] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<StageInput, unknown, StageValues>({
    resolver: zodResolver(stageSchema),
    defaultValues,
  });
  const onSubmit = handleSubmit(async (values) => {
    setGeneral(null);
    try {
      await save(values);
      if (resetAfterSave) reset(defaultValues);
    } catch (e) {
      setGeneral(applyProblem(e, setError, stageFieldOf));
    }
  });
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={label}>
      {general && (
        <p className="alert" role="alert">
          {general}
        </p>
      )}
      <StageFields idPrefix={idPrefix} register={(name) => register(name)} errors={formState.errors} />
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={disabled || formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
