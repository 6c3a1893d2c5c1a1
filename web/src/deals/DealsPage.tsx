import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/AuthContext';
import { describeRefusal, fetchMoreOfColumn, useBoard, useMoveDeal, usePipelines, type Outcome } from './api';
import { CloseDealDialog } from './CloseDealDialog';
import { PipelineBoard, type ColumnLoad } from './PipelineBoard';
import { useLiveEvents, type LiveStatus } from '../live/useLiveEvents';
import type { Deal, Stage } from './model';
import styles from './Board.module.css';
import { ExportMenu } from '../exports/ExportMenu';
import { preload } from '../routes/chunks';

/** What the board's export holds per deal: the card's facts, as the deals export names its columns. */
export const BOARD_EXPORT_COLUMNS = ['title', 'stage', 'amount', 'currency', 'probability', 'closeDate', 'ownerId', 'stageEntered', 'rotting'];

/**
 * The pipeline board: pick a pipeline and whose deals (mine or everyone's); drag cards between stages (or use a
 * card's "Move to…"), drop on Won or Lost to close a deal. Moves show at once and are undone, with the reason, when
 * the service refuses them.
 */
export function DealsPage() {
  const session = useSession();
  const me = (session.user.profile.sub as string | undefined) ?? session.name;
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId = params.get('pipeline') ?? pipelines.data?.[0]?.id;
  const mine = params.get('owner') === 'me';
  const ownerId = mine ? me : null;
  const board = useBoard(pipelineId, ownerId);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [closing, setClosing] = useState<{ deal: Deal; outcome: Outcome } | null>(null);
  // Per column: a page being read, or a read that failed (which stops loading on scroll until "Show more" is pressed,
  // so a failing service is not asked again and again while the column's end stays in view).
  const [columnLoads, setColumnLoads] = useState<Readonly<Record<string, ColumnLoad>>>({});
  const inFlight = useRef(new Set<string>());
  const loads = useRef(columnLoads);
  loads.current = columnLoads;

  const move = useMoveDeal(pipelineId ?? '', ownerId, (v, error) => {
    const from = v.deal.names?.[v.deal.stageId ?? ''] ?? 'its stage';
    setNotice(null);
    setRefusal(`“${v.deal.title}” could not move to ${v.toStageName}: ${describeRefusal(error)} It is back in ${from}.`);
  });
  const { mutate } = move;

  const onMove = useCallback(
    (deal: Deal, stage: Stage) => {
      setRefusal(null);
      setNotice(`Moved “${deal.title}” to ${stage.name}.`);
      mutate({ deal, toStageId: stage.id!, toStageName: stage.name ?? '' });
    },
    [mutate],
  );
  const onClose = useCallback((deal: Deal, outcome: Outcome) => setClosing({ deal, outcome }), []);
  const onLoadMore = useCallback(
    (stageId: string, after: string, how: 'scroll' | 'button') => {
      if (!pipelineId || inFlight.current.has(stageId)) return;
      if (how === 'scroll' && loads.current[stageId] === 'failed') return;
      inFlight.current.add(stageId);
      setColumnLoads((loads) => ({ ...loads, [stageId]: 'loading' }));
      fetchMoreOfColumn(queries, pipelineId, ownerId, stageId, after)
        .then(() => setColumnLoads(({ [stageId]: _done, ...rest }) => rest))
        .catch((e: unknown) => {
          setColumnLoads((loads) => ({ ...loads, [stageId]: 'failed' }));
          setRefusal(`Could not load more deals: ${e instanceof Error ? e.message : String(e)}`);
        })
        .finally(() => inFlight.current.delete(stageId));
    },
    [queries, pipelineId, ownerId],
  );

  // Live: a colleague's change reloads the board (a burst of changes once); the move in flight here is left to finish
  // first, as it reloads the board itself when it settles.
  const reload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dialogOpen = useRef(false);
  dialogOpen.current = closing !== null;
  useEffect(() => () => clearTimeout(reload.current), []);
  const reloadBoard = useCallback(() => {
    clearTimeout(reload.current);
    const later = () => {
      // A change of one's own in flight, or the win/lose dialog open: try again once that is over, rather than drop
      // the colleague's change or reshuffle the board under the dialog.
      if (queries.isMutating() > 0 || dialogOpen.current) reload.current = setTimeout(later, 250);
      else void queries.invalidateQueries({ queryKey: ['board', pipelineId] });
    };
    reload.current = setTimeout(later, 250);
  }, [queries, pipelineId]);
  const live = useLiveEvents(pipelineId ? `/api/v1/deals/live?pipelineId=${encodeURIComponent(pipelineId)}` : null, {
    ready: reloadBoard,
    deal: (data) => {
      const change = data as { changedBy?: string; change?: string };
      if (change.changedBy && change.changedBy !== me) {
        setNotice(`${change.changedBy} ${VERBS[change.change ?? ''] ?? 'changed'} a deal; the board shows it.`);
      }
      reloadBoard();
    },
  });

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  return (
    <section className={styles.page}>
      <div className={styles.toolbar}>
        <h1>Deals</h1>
        <label className={styles.control}>
          <span>Pipeline</span>
          <select
            value={pipelineId ?? ''}
            onChange={(e) => setParam('pipeline', e.target.value)}
            disabled={!pipelines.data?.length}
          >
            {(pipelines.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className={styles.segmented}>
          <legend className="visually-hidden">Whose deals</legend>
          <label>
            <input type="radio" name="owner" checked={mine} onChange={() => setParam('owner', 'me')} />
            <span>Mine</span>
          </label>
          <label>
            <input type="radio" name="owner" checked={!mine} onChange={() => setParam('owner', null)} />
            <span>Everyone</span>
          </label>
        </fieldset>
        <LiveBadge status={live} />
        {/* The board's deals: the open ones of this pipeline (and owner), as the deals export filters them. */}
        <ExportMenu
          kind="deals"
          filters={{ pipelineId, ownerId: ownerId ?? undefined, status: 'open' }}
          columns={BOARD_EXPORT_COLUMNS}
          unavailable={pipelineId ? null : 'No pipeline to export yet.'}
        />
        <Link
          to="/deals/import"
          className="button"
          onPointerEnter={() => preload('/deals/import')}
          onFocus={() => preload('/deals/import')}
        >
          Import
        </Link>
        <Link to={`/deals/new${pipelineId ? `?pipeline=${pipelineId}` : ''}`} className="button primary">
          New deal
        </Link>
      </div>
      {refusal && (
        <div className="alert" role="alert">
          {refusal}{' '}
          <button type="button" className={styles.linkButton} onClick={() => setRefusal(null)}>
            Dismiss
          </button>
        </div>
      )}
      <p className={notice ? styles.notice : 'visually-hidden'} role="status">
        {notice}
      </p>
      {pipelines.isError ? (
        <p className="alert" role="alert">
          Could not load the pipelines: {pipelines.error.message}
        </p>
      ) : pipelines.isPending ? (
        <p role="status">Loading pipelines…</p>
      ) : !pipelineId ? (
        <p role="status">No pipelines yet: an administrator creates them.</p>
      ) : board.isError && !board.data ? (
        <p className="alert" role="alert">
          Could not load the board: {board.error.message}
        </p>
      ) : board.isPending ? (
        <p role="status">Loading the board…</p>
      ) : (
        <>
          {/* A reload that failed (a live update, a move settling) keeps the board it had and says so. */}
          {board.isError && (
            <p className="alert" role="alert">
              Could not refresh the board: {board.error.message}. It shows what was loaded before.
            </p>
          )}
          <PipelineBoard
          board={board.data}
          onMove={onMove}
          onClose={onClose}
          onLoadMore={onLoadMore}
          columnLoads={columnLoads}
          />
        </>
      )}
      <CloseDealDialog
        deal={closing?.deal ?? null}
        outcome={closing?.outcome ?? 'win'}
        onOpenChange={(open) => !open && setClosing(null)}
        onClosed={(deal, outcome) => {
          setClosing(null);
          setRefusal(null);
          setNotice(`“${deal.title}” marked ${outcome === 'win' ? 'won' : 'lost'}.`);
        }}
      />
    </section>
  );
}

const VERBS: Record<string, string> = {
  created: 'added',
  updated: 'edited',
  'stage-changed': 'moved',
  won: 'won',
  lost: 'lost',
  reopened: 'reopened',
  deleted: 'deleted',
};

/** Whether the board follows colleagues' changes as they happen. */
function LiveBadge({ status }: { status: LiveStatus }) {
  const text = { live: 'Live', connecting: 'Connecting…', offline: 'Not live: reconnecting' }[status];
  return (
    <span className={`${styles.live} ${status === 'live' ? styles.liveOn : ''}`} title="Updates as colleagues work">
      {text}
    </span>
  );
}
