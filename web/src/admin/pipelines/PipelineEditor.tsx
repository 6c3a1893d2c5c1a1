import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useParams } from 'react-router';
import { formatDistanceToNow, parseISO } from 'date-fns';
import { ApiError } from '../../api/problems';
import { applyProblem, problemMessage } from '../forms';
import { useChangePipeline, usePipeline, type Pipeline, type PipelineChange } from './api';
import { emptyStage, pipelineNameSchema, type PipelineNameInput } from './schemas';
import { StageForm } from './StageForm';
import { StageList } from './StageList';
import { StatusBadge } from './StatusBadge';
import styles from '../Admin.module.css';

/**
 * /admin/pipelines/:id: rename, the stages (reorder, edit, remove, add) and archive or restore. Every change is sent
 * with If-Match (the version shown); the answer is the pipeline's new state.
 */
export function PipelineEditor() {
  const { id = '' } = useParams();
  const pipeline = usePipeline(id);
  const change = useChangePipeline(id);
  const [notice, setNotice] = useState('');
  const [orderError, setOrderError] = useState<string | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const stagesHeading = useRef<HTMLHeadingElement>(null);

  if (!pipeline.data) {
    if (!pipeline.isError) return <p role="status">Loading the pipeline…</p>;
    const missing = pipeline.error instanceof ApiError && pipeline.error.status === 404;
    return (
      <section>
        <Link to="/admin/pipelines" className={styles.back}>
          ← Pipelines
        </Link>
        <h1>{missing ? 'Pipeline not found' : 'Could not load the pipeline'}</h1>
        <p className="alert" role="alert">
          {problemMessage(pipeline.error)}
        </p>
      </section>
    );
  }

  const p = pipeline.data;
  const archived = !!p.archivedAt;
  const stages = p.stages ?? [];
  const apply = (c: PipelineChange) => change.mutateAsync({ pipeline: p, change: c });
  const busy = change.isPending;

  const toggleArchive = async () => {
    setArchiveError(null);
    setNotice('');
    try {
      await apply({ kind: archived ? 'restore' : 'archive' });
      setNotice(archived ? `Pipeline “${p.name}” restored.` : `Pipeline “${p.name}” archived.`);
    } catch (e) {
      setArchiveError(problemMessage(e));
    }
  };

  return (
    <section>
      <Link to="/admin/pipelines" className={styles.back}>
        ← Pipelines
      </Link>
      <div className={styles.toolbar}>
        <h1>
          {p.name} <StatusBadge archived={archived} />
        </h1>
      </div>
      <p className="muted">
        Created by {p.createdBy ?? 'someone'}
        {p.updatedAt && (
          <>
            {' '}
            · last changed by {p.updatedBy ?? 'someone'}{' '}
            <time dateTime={p.updatedAt}>{formatDistanceToNow(parseISO(p.updatedAt), { addSuffix: true })}</time>
          </>
        )}
      </p>
      {archived && (
        <p className="card">This pipeline is archived: it is not offered for new deals and cannot be changed. Restore it to change it.</p>
      )}
      <p className={styles.notice} role="status">
        {notice}
      </p>

      <RenameForm key={p.id} pipeline={p} disabled={archived || busy} onRename={async (name) => {
        setNotice('');
        await apply({ kind: 'rename', name });
        setNotice(`Pipeline renamed to “${name}”.`);
      }} />

      <section className={styles.section} aria-labelledby="stages-heading">
        <h2 id="stages-heading" ref={stagesHeading} tabIndex={-1}>
          Stages
        </h2>
        <p className="muted">
          In board order. Drag a stage by its grip, or focus the grip and use Space and the arrow keys, or the ↑ and ↓
          buttons.
        </p>
        {orderError && (
          <p className="alert" role="alert">
            {orderError}
          </p>
        )}
        <StageList
          stages={stages}
          locked={archived}
          busy={busy}
          onReorder={(stageIds, moved, to) => {
            setOrderError(null);
            setNotice('');
            change.mutate(
              { pipeline: p, change: { kind: 'reorder', stageIds } },
              {
                onSuccess: () => setNotice(`Stage “${moved.name}” moved to position ${to + 1} of ${stageIds.length}.`),
                onError: (e) => setOrderError(`The new order was not saved: ${problemMessage(e)}`),
              },
            );
          }}
          onSave={async (stage, values) => {
            setNotice('');
            await apply({ kind: 'updateStage', stageId: stage.id!, stage: values });
            setNotice(`Stage “${values.name}” saved.`);
          }}
          onRemove={async (stage) => {
            setNotice('');
            await apply({ kind: 'removeStage', stageId: stage.id! });
            setNotice(`Stage “${stage.name}” removed.`);
            // Its row (and the focused button) is gone: keep the keyboard in the stages.
            stagesHeading.current?.focus();
          }}
        />
        {!archived && (
          <>
            <h3>Add a stage</h3>
            <StageForm
              idPrefix="add-stage"
              label="Add a stage"
              defaultValues={emptyStage}
              submitLabel="Add stage"
              resetAfterSave
              disabled={busy}
              save={async (values) => {
                setNotice('');
                await apply({ kind: 'addStage', stage: values });
                setNotice(`Stage “${values.name}” added at the end.`);
              }}
            />
          </>
        )}
      </section>

      <section className={styles.section} aria-labelledby="archive-heading">
        <h2 id="archive-heading">{archived ? 'Restore' : 'Archive'}</h2>
        <p className="muted">
          {archived
            ? 'Restoring puts the pipeline back in the deals screens.'
            : 'Archiving takes the pipeline out of the deals screens; only a pipeline without open deals can be archived.'}
        </p>
        {archiveError && (
          <p className="alert" role="alert">
            {archiveError}
          </p>
        )}
        <button
          type="button"
          className={`button ${archived ? '' : styles.danger}`}
          aria-disabled={busy || undefined}
          onClick={() => !busy && void toggleArchive()}
        >
          {archived ? 'Restore pipeline' : 'Archive pipeline'}
        </button>
      </section>
    </section>
  );
}

function RenameForm({
  pipeline,
  disabled,
  onRename,
}: {
  pipeline: Pipeline;
  disabled: boolean;
  onRename: (name: string) => Promise<void>;
}) {
  const [general, setGeneral] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState, reset } = useForm<PipelineNameInput, unknown, PipelineNameInput>({
    resolver: zodResolver(pipelineNameSchema),
    defaultValues: { name: pipeline.name ?? '' },
  });
  useEffect(() => reset({ name: pipeline.name ?? '' }), [pipeline.name, reset]);
  const error = formState.errors.name?.message;
  const onSubmit = handleSubmit(async ({ name }) => {
    setGeneral(null);
    if (name === pipeline.name) return;
    try {
      await onRename(name);
    } catch (e) {
      setGeneral(applyProblem(e, setError, (f) => (f === 'name' ? 'name' : null)));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Rename the pipeline">
      {general && (
        <p className="alert" role="alert">
          {general}
        </p>
      )}
      <div className={styles.inline}>
        <div className={styles.field}>
          <label htmlFor="rename-pipeline">Pipeline name</label>
          <input
            id="rename-pipeline"
            autoComplete="off"
            readOnly={disabled && !formState.isSubmitting}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'rename-pipeline-error' : undefined}
            {...register('name')}
          />
        </div>
        <button type="submit" className="button" disabled={disabled || formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : 'Rename'}
        </button>
      </div>
      {error && (
        <span id="rename-pipeline-error" className={styles.error}>
          {error}
        </span>
      )}
    </form>
  );
}
