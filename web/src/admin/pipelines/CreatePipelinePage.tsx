import { useState } from 'react';
import { useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { dealApi } from '../../api/client';
import { dataOrThrow } from '../../api/problems';
import { applyProblem } from '../forms';
import { allPipelinesKey, pipelineKey } from './api';
import { emptyStage, newPipelineSchema, type NewPipelineInput, type NewPipelineValues } from './schemas';
import { StageFields } from './StageFields';
import styles from '../Admin.module.css';

/** Where a field error of the create API belongs: `name`, `stages[1].probability` → `stages.1.probability`. */
export function createFieldOf(apiField: string): FieldPath<NewPipelineInput> | null {
  if (apiField === 'name') return 'name';
  const stage = /^stages\[(\d+)\]\.(name|probability|rottingDays)$/.exec(apiField);
  if (stage) return `stages.${Number(stage[1])}.${stage[2] as 'name' | 'probability' | 'rottingDays'}`;
  return null;
}

/** /admin/pipelines/new: a name and the first stages (at least one), then the pipeline's editor. */
export function CreatePipelinePage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<NewPipelineInput, unknown, NewPipelineValues>({
    resolver: zodResolver(newPipelineSchema),
    defaultValues: { name: '', stages: [{ ...emptyStage }] },
  });
  const { register, control, handleSubmit, setError, formState } = form;
  const stages = useFieldArray({ control, name: 'stages' });
  const nameError = formState.errors.name?.message;

  const onSubmit = handleSubmit(async (values) => {
    setGeneral(null);
    try {
      const created = dataOrThrow(
        await dealApi.POST('/api/v1/pipelines', {
          body: values,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      queries.setQueryData(pipelineKey(created.id!), created);
      void queries.invalidateQueries({ queryKey: allPipelinesKey });
      void queries.invalidateQueries({ queryKey: ['pipelines'] });
      void navigate(`/admin/pipelines/${created.id}`);
    } catch (e) {
      setGeneral(applyProblem(e, setError, createFieldOf));
    }
  });

  return (
    <section>
      <Link to="/admin/pipelines" className={styles.back}>
        ← Pipelines
      </Link>
      <h1>New pipeline</h1>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {general && (
          <p className="alert" role="alert">
            {general}
          </p>
        )}
        <div className={styles.field}>
          <label htmlFor="pipeline-name">Name</label>
          <input
            id="pipeline-name"
            autoComplete="off"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'pipeline-name-error' : undefined}
            {...register('name')}
          />
          {nameError && (
            <span id="pipeline-name-error" className={styles.error}>
              {nameError}
            </span>
          )}
        </div>
        <fieldset className={styles.form}>
          <legend>
            <strong>Stages</strong> <span className="muted">(in board order; more can be added later)</span>
          </legend>
          {formState.errors.stages?.root?.message && <p className={styles.error}>{formState.errors.stages.root.message}</p>}
          {stages.fields.map((field, i) => (
            <div key={field.id} className={styles.form}>
              <StageFields
                idPrefix={`new-stage-${i}`}
                register={(name) => register(`stages.${i}.${name}`)}
                errors={formState.errors.stages?.[i]}
                legend={`Stage ${i + 1}`}
              />
              {stages.fields.length > 1 && (
                <div>
                  <button type="button" className="button" onClick={() => stages.remove(i)}>
                    Remove stage {i + 1}
                  </button>
                </div>
              )}
            </div>
          ))}
          <div>
            <button type="button" className="button" onClick={() => stages.append({ ...emptyStage })} disabled={stages.fields.length >= 30}>
              Add another stage
            </button>
          </div>
        </fieldset>
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Creating…' : 'Create pipeline'}
          </button>
          <Link to="/admin/pipelines" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
