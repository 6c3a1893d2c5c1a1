import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { format, formatDistanceStrict, formatDistanceToNow } from 'date-fns';
import { reportingApi } from '../../api/client';
import { ApiError, dataOrThrow } from '../../api/problems';
import { reports } from '../../dashboards/reports';
import { DataTable } from '../DataTable';
import { problemMessage } from '../forms';
import { describeLag, readModelFreshness, rebuildState, type Generation, type ReadModelFreshness, type TopicFreshness } from './freshness';
import styles from '../Admin.module.css';
import own from './ReportsSection.module.css';

/** How often freshness is read again while the page is open, and the rebuild's status while one runs. */
export const FRESHNESS_EVERY_MS = 15_000;
export const REBUILD_POLL_MS = 1_000;

function When({ time }: { time: Date | string | null | undefined }) {
  if (!time) return <span className="muted">No events yet</span>;
  const date = typeof time === 'string' ? new Date(time) : time;
  return (
    <time dateTime={date.toISOString()} title={format(date, 'PPpp')}>
      {formatDistanceToNow(date, { addSuffix: true })}
    </time>
  );
}

const view = createColumnHelper<ReadModelFreshness>();
const viewColumns = [
  view.accessor('title', {
    header: 'Report view',
    cell: (c) => (
      <>
        {c.getValue()}
        <br />
        <span className={`muted ${own.small}`}>from {c.row.original.topics.join(', ')}</span>
      </>
    ),
  }),
  view.accessor('lastEvent', { header: 'Complete up to', cell: (c) => <When time={c.getValue()} /> }),
  view.accessor('lag', { header: 'Lag', cell: (c) => describeLag(c.getValue()) }),
];

const topic = createColumnHelper<TopicFreshness>();
const topicColumns = [
  topic.accessor('topic', { header: 'Topic', cell: (c) => <code>{c.getValue()}</code> }),
  topic.accessor('newestEventTime', { header: 'Newest event applied', cell: (c) => <When time={c.getValue()} /> }),
  topic.accessor('lag', { header: 'Lag', cell: (c) => describeLag(c.getValue()) }),
];

/** /admin/reports: how fresh each report view is, and rebuilding them all. */
export default function ReportsSection() {
  const freshness = useQuery({
    queryKey: ['reports', 'freshness'],
    queryFn: async ({ signal }) => dataOrThrow(await reportingApi.GET('/api/v1/reports/freshness', { signal })),
    refetchInterval: FRESHNESS_EVERY_MS,
  });
  const topics = freshness.data?.topics ?? [];
  const views = readModelFreshness(reports, topics);

  return (
    <section>
      <h1>Reports</h1>
      <section aria-labelledby="freshness-heading">
        <div className={styles.toolbar}>
          <h2 id="freshness-heading" className={own.h2}>
            Freshness
          </h2>
          <button type="button" className="button" onClick={() => void freshness.refetch()} disabled={freshness.isFetching}>
            {freshness.isFetching ? 'Checking…' : 'Check again'}
          </button>
        </div>
        <p className="muted">
          The report views are built from the platform’s events. Each is complete up to the newest event applied from
          the least recent of its topics; lag counts the events waiting to be applied.
          {freshness.dataUpdatedAt > 0 && <> Checked at {format(freshness.dataUpdatedAt, 'HH:mm:ss')}.</>}
        </p>
        {freshness.isPending && <p role="status">Loading freshness…</p>}
        {freshness.isError && (
          <p className="alert" role="alert">
            Could not read the freshness: {problemMessage(freshness.error)}
          </p>
        )}
        {freshness.isSuccess && (
          <>
            <DataTable data={views} columns={viewColumns} caption="Freshness per report view" getRowId={(v) => v.id} />
            <h3 className={own.h3}>Per topic</h3>
            <DataTable data={topics} columns={topicColumns} caption="Freshness per topic" getRowId={(t) => t.topic ?? ''} />
          </>
        )}
      </section>
      <Rebuild onFinished={() => void freshness.refetch()} />
    </section>
  );
}

function Rebuild({ onFinished }: { onFinished: () => void }) {
  const queries = useQueryClient();
  const [tracked, setTracked] = useState<{ id: number; since: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const generations = useQuery({
    queryKey: ['reports', 'generations'],
    queryFn: async ({ signal }) => dataOrThrow(await reportingApi.GET('/api/v1/reports/rebuild', { signal })).items ?? [],
    refetchInterval: (query) => {
      const items = query.state.data as Generation[] | undefined;
      const state = rebuildState(items, tracked?.id ?? null, query.state.dataUpdatedAt >= (tracked?.since ?? 0));
      return state.kind === 'running' || items?.some((g) => g.status === 'building') ? REBUILD_POLL_MS : false;
    },
  });
  const items = generations.data;
  const live = items?.find((g) => g.status === 'live');
  const building = items?.find((g) => g.status === 'building');

  // A rebuild started elsewhere (another admin, another tab) is followed too.
  useEffect(() => {
    if (building?.id !== undefined && (!tracked || tracked.id !== building.id)) {
      setTracked({ id: building.id, since: 0 });
    }
  }, [building?.id, tracked]);

  const state = rebuildState(items, tracked?.id ?? null, generations.dataUpdatedAt >= (tracked?.since ?? 0));
  const startedAt = useRef<number | null>(null);
  const [took, setTook] = useState<string | null>(null);

  useEffect(() => {
    if (state.kind === 'running' && startedAt.current === null) startedAt.current = Date.now();
    if (state.kind === 'done' || state.kind === 'failed') {
      if (startedAt.current !== null) setTook(formatDistanceStrict(Date.now(), startedAt.current));
      startedAt.current = null;
      if (state.kind === 'done') {
        // The dashboards read the new generation now (the generations themselves are polled already).
        void queries.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'reports' && q.queryKey[1] !== 'generations' });
        onFinished();
      }
    }
  }, [state.kind]);

  const start = useMutation({
    mutationFn: async () => dataOrThrow(await reportingApi.POST('/api/v1/reports/rebuild')),
    onMutate: () => {
      setStartError(null);
      setTook(null);
    },
    onSuccess: (generation) => {
      startedAt.current = Date.now();
      setTracked({ id: generation.id!, since: Date.now() });
      void generations.refetch();
    },
    onError: (error) => {
      setStartError(
        error instanceof ApiError && error.status === 409
          ? `${problemMessage(error)} Its progress is shown below.`
          : `The rebuild did not start: ${problemMessage(error)}`,
      );
      void generations.refetch();
    },
  });

  const running = state.kind === 'running' || start.isPending;
  return (
    <section className={styles.section} aria-labelledby="rebuild-heading">
      <h2 id="rebuild-heading">Rebuild</h2>
      <p className="muted">
        A rebuild replays every event from the beginning of the topics into a new generation of the report views. The
        current views keep answering until the new ones are complete and swap in.
      </p>
      {generations.isError && (
        <p className="alert" role="alert">
          Could not read the rebuild status: {problemMessage(generations.error)}
        </p>
      )}
      {live && (
        <p>
          Serving: generation {live.id} <span className="muted">({live.schema})</span>
        </p>
      )}
      {startError && (
        <p className="alert" role="alert">
          {startError}
        </p>
      )}
      <div className={own.status} role="status">
        {state.kind === 'running' && (
          <>
            <p>Rebuilding into generation {state.id}…</p>
            <progress className={own.progress} aria-label={`Rebuilding into generation ${state.id}`} />
          </>
        )}
        {state.kind === 'done' && (
          <p className={own.done}>
            Rebuild finished{took ? ` in ${took}` : ''}: generation {state.id} is live.
          </p>
        )}
        {state.kind === 'failed' && (
          <p className="alert">
            The rebuild into generation {state.id} failed; generation {live?.id ?? 'before it'} keeps serving the reports. The
            reporting service’s log says why.
          </p>
        )}
      </div>
      <button type="button" className="button primary" disabled={running || !generations.isSuccess} onClick={() => setConfirming(true)}>
        Rebuild reports…
      </button>
      <ConfirmRebuild
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          start.mutate();
        }}
      />
    </section>
  );
}

/** The browser's modal dialog (focus moves in and stays, Escape cancels); Radix's would inject a <style> the CSP refuses. */
function ConfirmRebuild({ open, onCancel, onConfirm }: { open: boolean; onCancel: () => void; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className={own.dialog} aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-desc`} onClose={onCancel}>
      {open && (
        <>
          <h2 id={`${ids}-title`} className={own.dialogTitle}>
            Rebuild every report view?
          </h2>
          <p id={`${ids}-desc`}>
            The reporting service reads every event again from the start. The dashboards keep showing the current views
            until the rebuild swaps in; on a large installation it takes a while.
          </p>
          <div className={styles.actions}>
            <button type="button" className="button primary" onClick={onConfirm}>
              Start rebuild
            </button>
            <button type="button" className="button" onClick={onCancel} autoFocus>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
