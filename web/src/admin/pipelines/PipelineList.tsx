import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { format, parseISO } from 'date-fns';
import { useAllPipelines, type Pipeline } from './api';
import { StatusBadge } from './StatusBadge';
import { DataTable } from '../DataTable';
import styles from '../Admin.module.css';

type Show = 'active' | 'archived' | 'all';
const SHOWS: { value: Show; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];

const column = createColumnHelper<Pipeline>();
const columns = [
  column.accessor((p) => p.name ?? '', {
    id: 'name',
    header: 'Pipeline',
    cell: (c) => <Link to={`/admin/pipelines/${c.row.original.id}`}>{c.getValue()}</Link>,
  }),
  column.accessor((p) => p.stages?.length ?? 0, {
    id: 'stages',
    header: 'Stages',
    cell: (c) => (
      <>
        {c.getValue()}
        <span className={`muted ${styles.wide}`}>
          {c.getValue() ? ': ' : ''}
          {(c.row.original.stages ?? []).map((s) => s.name).join(' → ')}
        </span>
      </>
    ),
  }),
  column.accessor((p) => (p.archivedAt ? 'archived' : 'active'), {
    id: 'status',
    header: 'Status',
    cell: (c) => <StatusBadge archived={!!c.row.original.archivedAt} />,
  }),
  column.accessor((p) => p.updatedAt ?? p.createdAt ?? '', {
    id: 'updated',
    header: 'Updated',
    meta: { className: styles.wide },
    cell: (c) => (c.getValue() ? <time dateTime={c.getValue()}>{format(parseISO(c.getValue()), 'd MMM yyyy')}</time> : '—'),
  }),
];

/** /admin/pipelines: every pipeline (active, archived or both, kept in the URL), sortable by its columns. */
export function PipelineList() {
  const pipelines = useAllPipelines();
  const [params, setParams] = useSearchParams();
  const show = (SHOWS.find((s) => s.value === params.get('show'))?.value ?? 'active') as Show;
  const rows = useMemo(
    () =>
      (pipelines.data ?? []).filter((p) => (show === 'all' ? true : show === 'archived' ? !!p.archivedAt : !p.archivedAt)),
    [pipelines.data, show],
  );

  const setShow = (value: Show) => {
    const next = new URLSearchParams(params);
    if (value === 'active') next.delete('show');
    else next.set('show', value);
    setParams(next, { replace: true });
  };

  return (
    <section>
      <div className={styles.toolbar}>
        <h1>Pipelines</h1>
        <Link to="/admin/pipelines/new" className="button primary">
          New pipeline
        </Link>
      </div>
      <fieldset className={styles.filters}>
        <legend>Show</legend>
        {SHOWS.map((s) => (
          <label key={s.value}>
            <input type="radio" name="show" value={s.value} checked={show === s.value} onChange={() => setShow(s.value)} />
            {s.label}
          </label>
        ))}
      </fieldset>
      {pipelines.isPending && <p role="status">Loading pipelines…</p>}
      {pipelines.isError && (
        <p className="alert" role="alert">
          Could not load the pipelines: {pipelines.error.message}
        </p>
      )}
      {pipelines.isSuccess && rows.length === 0 && (
        <p className="muted">{show === 'archived' ? 'No archived pipelines.' : 'No pipelines yet.'}</p>
      )}
      {rows.length > 0 && (
        <DataTable
          data={rows}
          columns={columns}
          caption={`Pipelines (${SHOWS.find((s) => s.value === show)!.label.toLowerCase()})`}
          getRowId={(p) => p.id!}
          initialSort={[{ id: 'name', desc: false }]}
        />
      )}
    </section>
  );
}
