import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { contactApi, type ContactSchemas } from '../api/client';
import { ifMatch } from '../api/etag';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import {
  type ListConfig,
  type ListState,
  type SavedView,
  differsFromView,
  emptyState,
  filtersOf,
  stateOfView,
} from './listState';
import styles from './ListControls.module.css';

/** The filter keys a view keeps: an update sends each, null for those now unset (a merge patch keeps what it omits). */
const FILTER_KEYS = ['q', 'lifecycleStage', 'tag', 'companyId', 'createdFrom', 'createdTo', 'sort'] as const;

export const viewsKey = (recordType: string) => ['views', recordType];

const saveSchema = z.object({
  name: z.string().trim().min(1, 'Give the view a name.').max(100, 'At most 100 characters.'),
  shared: z.boolean(),
});
type SaveValues = z.infer<typeof saveSchema>;

/** The most views one request asks for (the API's `limit` maximum). */
const VIEWS_PAGE = 200;

/**
 * Every view the person may pick, the API's pages (by name, `next` the cursor) read to the end: the picker is one
 * list, so a view past the first page must still be in it.
 */
async function allViews(recordType: ListConfig['recordType'], signal: AbortSignal): Promise<SavedView[]> {
  const views: SavedView[] = [];
  let after: string | undefined;
  do {
    const page = dataOrThrow(
      await contactApi.GET('/api/v1/views', { params: { query: { recordType, limit: VIEWS_PAGE, after } }, signal }),
    );
    views.push(...(page.items ?? []));
    // A cursor that does not move on would never end: stop there rather than ask for the same page again.
    after = page.next && page.next !== after ? page.next : undefined;
  } while (after);
  return views;
}

interface Props {
  config: ListConfig;
  state: ListState;
  onChange(state: ListState): void;
  /** "All contacts" */
  allLabel: string;
}

/**
 * Saved views of a list: pick one (your own or a colleague's shared one), save the current filters and columns as a
 * new view, update or delete your own, and share it. Views live in contact-service (/api/v1/views).
 */
export function ViewBar({ config, state, onChange, allLabel }: Props) {
  const id = useId();
  const queries = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const views = useQuery({
    queryKey: viewsKey(config.recordType),
    queryFn: ({ signal }) => allViews(config.recordType, signal),
  });
  const all = views.data ?? [];
  const current = state.view ? all.find((v) => v.id === state.view) : undefined;
  const changed = current ? differsFromView(state, current, config) : false;
  const mine = all.filter((v) => v.mine);
  const shared = all.filter((v) => !v.mine);

  const refresh = () => queries.invalidateQueries({ queryKey: viewsKey(config.recordType) });
  const update = useMutation({
    mutationFn: async ({ view, body }: { view: SavedView; body: Record<string, unknown> }) =>
      dataOrThrow(
        await contactApi.PATCH('/api/v1/views/{id}', {
          params: { path: { id: view.id! }, header: { 'If-Match': ifMatch(view) } },
          body: body as ContactSchemas['ViewDetails'],
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSuccess: (saved, { body }) => {
      setMessage('shared' in body ? (saved.shared ? 'View shared.' : 'View no longer shared.') : `View “${saved.name}” updated.`);
      queries.setQueryData<SavedView[]>(viewsKey(config.recordType), (old) =>
        old?.map((v) => (v.id === saved.id ? saved : v)),
      );
      void refresh();
    },
    onError: (e) => {
      setMessage(`Could not save the view: ${e.message}`);
      if (e instanceof ApiError && e.status === 412) void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (view: SavedView) => {
      const result = await contactApi.DELETE('/api/v1/views/{id}', {
        params: { path: { id: view.id! }, header: { 'If-Match': ifMatch(view) } },
      });
      if (!result.response.ok) dataOrThrow(result);
      return view;
    },
    onSuccess: (view) => {
      setMessage(`View “${view.name}” deleted.`);
      queries.setQueryData<SavedView[]>(viewsKey(config.recordType), (old) => old?.filter((v) => v.id !== view.id));
      onChange({ ...state, view: null });
      void refresh();
    },
    onError: (e) => setMessage(`Could not delete the view: ${e.message}`),
  });

  const pick = (viewId: string) => {
    setMessage(null);
    const view = all.find((v) => v.id === viewId);
    onChange(view ? stateOfView(view, config) : emptyState(config));
  };
  const saveChanges = () => {
    if (!current) return;
    const filters = filtersOf(state, config) as Record<string, unknown>;
    update.mutate({
      view: current,
      body: {
        filters: Object.fromEntries(FILTER_KEYS.map((k) => [k, filters[k] ?? null])),
        columns: state.columns,
      },
    });
  };

  return (
    <div className={styles.views}>
      <div className={styles.field}>
        <label htmlFor={`${id}-view`}>Saved view</label>
        <select id={`${id}-view`} value={current ? current.id : ''} onChange={(e) => pick(e.target.value)}>
          <option value="">{allLabel}</option>
          {mine.length > 0 && (
            <optgroup label="My views">
              {mine.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                  {v.shared ? ' (shared)' : ''}
                </option>
              ))}
            </optgroup>
          )}
          {shared.length > 0 && (
            <optgroup label="Shared with me">
              {shared.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className={styles.actions}>
        {current?.mine && (
          <>
            <button type="button" className="button" disabled={!changed || update.isPending} onClick={saveChanges}>
              Update view
            </button>
            <button
              type="button"
              className="button"
              aria-pressed={!!current.shared}
              disabled={update.isPending}
              onClick={() => update.mutate({ view: current, body: { shared: !current.shared } })}
            >
              {current.shared ? 'Shared' : 'Share'}
            </button>
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the view “${current.name}”?`)) remove.mutate(current);
              }}
            >
              Delete view
            </button>
          </>
        )}
        {!saving && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setMessage(null);
              setSaving(true);
            }}
          >
            Save as new view
          </button>
        )}
      </div>
      {current && !current.mine && (
        <p className={`muted ${styles.note}`}>Shared by a colleague: read-only. Save it as a new view to change it.</p>
      )}
      {current?.mine && changed && <p className={`muted ${styles.note}`}>Changed since saved.</p>}
      {views.isError && (
        <p className="alert" role="alert">
          Could not load saved views: {views.error.message}
        </p>
      )}
      {saving && (
        <SaveViewForm
          config={config}
          state={state}
          onCancel={() => setSaving(false)}
          onSaved={(view) => {
            setSaving(false);
            setMessage(`View “${view.name}” saved.`);
            queries.setQueryData<SavedView[]>(viewsKey(config.recordType), (old) => [...(old ?? []), view]);
            void refresh();
            onChange({ ...state, view: view.id ?? null });
          }}
        />
      )}
      <p role="status" className={styles.note}>
        {message}
      </p>
    </div>
  );
}

/** Names the current filters and columns as a new view (react-hook-form + zod; the server's problems on their field). */
export function SaveViewForm({
  config,
  state,
  onSaved,
  onCancel,
}: {
  config: ListConfig;
  state: ListState;
  onSaved(view: SavedView): void;
  onCancel(): void;
}) {
  const id = useId();
  const [key] = useState(() => crypto.randomUUID());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SaveValues>({ resolver: zodResolver(saveSchema), defaultValues: { name: '', shared: false } });

  const submit = async (values: SaveValues) => {
    const result = await contactApi.POST('/api/v1/views', {
      body: {
        recordType: config.recordType,
        name: values.name,
        shared: values.shared,
        filters: filtersOf(state, config),
        columns: state.columns,
      },
      headers: { 'Idempotency-Key': key },
    });
    try {
      onSaved(dataOrThrow(result));
    } catch (e) {
      const problem = e instanceof ApiError ? toFormProblem(e.problem, (f) => (f === 'name' || f === 'shared' ? f : null)) : null;
      for (const [field, text] of Object.entries(problem?.fields ?? {})) {
        setError(field as keyof SaveValues, { message: text });
      }
      if (!problem || problem.general) setError('root', { message: problem?.general ?? (e as Error).message });
    }
  };

  return (
    <form className={styles.saveForm} onSubmit={handleSubmit(submit)} noValidate aria-label="Save as new view">
      <div className={styles.field}>
        <label htmlFor={`${id}-name`}>View name</label>
        <input
          id={`${id}-name`}
          autoComplete="off"
          autoFocus
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${id}-name-error` : undefined}
          {...register('name')}
        />
        {errors.name && (
          <span id={`${id}-name-error`} className={styles.error}>
            {errors.name.message}
          </span>
        )}
      </div>
      <label className={styles.check}>
        <input type="checkbox" {...register('shared')} />
        Share with colleagues
      </label>
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save view'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {errors.root && (
        <p className="alert" role="alert" style={{ width: '100%' }}>
          {errors.root.message}
        </p>
      )}
    </form>
  );
}
