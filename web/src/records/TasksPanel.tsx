import { ifMatch } from '../api/etag';
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { activityApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import { formatDay, type RecordSubject, type TaskView, tasksKey, timelineKey } from './subject';
import styles from './TasksPanel.module.css';

/** A due date (a day) as the instant the task is due: the end of that day, local time. */
export function dueAtOf(day: string): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 23, 59, 0).toISOString();
}

/** The record's open tasks, soonest due first: tick one to complete it, or add one (title and due date). */
export function TasksPanel({ subject }: { subject: RecordSubject }) {
  const queries = useQueryClient();
  const id = useId();
  const key = tasksKey(subject);
  const tasks = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/tasks', {
          params: {
            query: {
              ...(subject.contactId ? { contactId: subject.contactId } : { companyId: subject.companyId }),
              status: 'open',
              sort: 'due',
              limit: 50,
            },
          },
          signal,
        }),
      ),
  });
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<{ title?: string; due?: string; form?: string }>({});
  const [done, setDone] = useState<string | null>(null);

  const refresh = () => {
    void queries.invalidateQueries({ queryKey: key });
    void queries.invalidateQueries({ queryKey: timelineKey(subject) });
  };

  const add = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        await activityApi.POST('/api/v1/tasks', {
          body: {
            title: title.trim(),
            dueAt: dueAtOf(due),
            contactIds: subject.contactId ? [subject.contactId] : [],
            companyId: subject.companyId,
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (task) => {
      queries.setQueryData(key, (page: { items?: TaskView[]; next?: string } | undefined) =>
        page ? { ...page, items: [...(page.items ?? []), task] } : page,
      );
      setTitle('');
      setDue('');
      setDone(`Task “${task.title}” added.`);
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        const p = toFormProblem(e.problem, (f) => (f === 'title' ? 'title' : f === 'dueAt' ? 'due' : null));
        setErrors({ ...p.fields, form: p.general ?? undefined });
      } else setErrors({ form: e.message });
    },
  });

  const complete = useMutation({
    mutationFn: async (task: TaskView) =>
      dataOrThrow(
        await activityApi.POST('/api/v1/tasks/{id}/complete', {
          params: { path: { id: task.id! }, header: { 'If-Match': ifMatch(task) } },
        }),
      ),
    onMutate: (task) => {
      // Off the open list at once; back if the service refuses.
      const before = queries.getQueryData(key);
      queries.setQueryData(key, (page: { items?: TaskView[]; next?: string } | undefined) =>
        page ? { ...page, items: (page.items ?? []).filter((t) => t.id !== task.id) } : page,
      );
      return { before };
    },
    onSuccess: (task) => setDone(`Task “${task.title}” completed.`),
    onError: (e, _task, context) => {
      queries.setQueryData(key, context?.before);
      setDone(`Could not complete the task: ${e.message}`);
    },
    onSettled: refresh,
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const local: typeof errors = {};
    if (!title.trim()) local.title = 'Enter what needs doing.';
    else if (title.trim().length > 200) local.title = 'At most 200 characters.';
    setErrors(local);
    if (!local.title) add.mutate();
  };

  const open = tasks.data?.items ?? [];
  const now = Date.now();
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Open tasks</h2>
      {tasks.isPending ? (
        <p role="status">Loading tasks…</p>
      ) : tasks.isError ? (
        <p className="alert">Could not load tasks: {tasks.error.message}</p>
      ) : open.length === 0 ? (
        <p className="muted">No open tasks.</p>
      ) : (
        <ul className={styles.list}>
          {open.map((t) => {
            const overdue = t.dueAt && Date.parse(t.dueAt) < now;
            return (
              <li key={t.id} className={styles.task}>
                <input
                  type="checkbox"
                  id={`${id}-${t.id}`}
                  checked={false}
                  disabled={complete.isPending && complete.variables?.id === t.id}
                  onChange={() => complete.mutate(t)}
                />
                <label htmlFor={`${id}-${t.id}`}>
                  <span className="visually-hidden">Complete: </span>
                  {t.title}
                  {t.dueAt && (
                    <span className={overdue ? styles.overdue : styles.due}>
                      {overdue ? 'Overdue, due ' : 'Due '}
                      {formatDay(t.dueAt)}
                    </span>
                  )}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      <form className={styles.add} onSubmit={onSubmit} noValidate aria-label="Add a task">
        <div className={styles.field}>
          <label htmlFor={`${id}-title`}>New task</label>
          <input
            id={`${id}-title`}
            value={title}
            placeholder="e.g. Send the pilot price sheet"
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? `${id}-title-error` : undefined}
            onChange={(e) => {
              setTitle(e.target.value);
              setErrors((x) => ({ ...x, title: undefined }));
            }}
          />
          {errors.title && (
            <span id={`${id}-title-error`} className={styles.error}>
              {errors.title}
            </span>
          )}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-due`}>Due date</label>
          <input
            id={`${id}-due`}
            type="date"
            value={due}
            aria-invalid={errors.due ? true : undefined}
            aria-describedby={errors.due ? `${id}-due-error` : undefined}
            onChange={(e) => setDue(e.target.value)}
          />
          {errors.due && (
            <span id={`${id}-due-error`} className={styles.error}>
              {errors.due}
            </span>
          )}
        </div>
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add task'}
        </button>
        {errors.form && (
          <p className={styles.error} role="alert">
            {errors.form}
          </p>
        )}
      </form>
      <p role="status" className="muted">
        {done}
      </p>
    </section>
  );
}
