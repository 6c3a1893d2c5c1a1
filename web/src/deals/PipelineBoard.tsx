import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { CardBody, DealCard, type CardActions } from './DealCard';
import { formatMoney, type Board, type Column, type Deal, type Stage } from './model';
import styles from './Board.module.css';

export const WON = 'outcome:won';
export const LOST = 'outcome:lost';

interface Props extends CardActions {
  board: Board;
  /** Loads the next page of a column (its `next` cursor), as it scrolls into view or on "Show more"; absent in tests that do not page. */
  onLoadMore?(stageId: string, after: string, how: 'scroll' | 'button'): void;
  /** Columns with a page being read, or whose last read failed (they load again only on "Show more"). */
  columnLoads?: Readonly<Record<string, ColumnLoad>>;
}

export type ColumnLoad = 'loading' | 'failed';

// Pointer: the droppable under the pointer. Keyboard (no pointer): the one the card overlaps most.
const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : rectIntersection(args);
};

/**
 * The board: one column per stage, and Won and Lost targets above them. Cards move with dnd-kit's mouse, touch and
 * keyboard sensors; the keyboard moves between whole targets (Left/Right: the stages in order and Won/Lost,
 * Up: to Won and Lost, Down: back to the stages), not by pixels.
 */
export const PipelineBoard = memo(function PipelineBoard({ board, onMove, onClose, onLoadMore, columnLoads }: Props) {
  const columns = board.stages ?? [];
  const stages = useMemo(() => columns.map((c) => c.stage!).filter(Boolean), [columns]);
  const [active, setActive] = useState<Deal | null>(null);
  const stagesRef = useRef(stages);
  stagesRef.current = stages;
  const cursor = useRef<{ target: UniqueIdentifier; lastStage: UniqueIdentifier } | null>(null);

  const coordinateGetter = useCallback<KeyboardCoordinateGetter>((event, { context }) => {
    const { collisionRect, droppableRects } = context;
    const at = cursor.current;
    if (!collisionRect || !at) return undefined;
    const order: UniqueIdentifier[] = stagesRef.current.map((s) => s.id!);
    let next: UniqueIdentifier | undefined;
    const inOutcomes = at.target === WON || at.target === LOST;
    switch (event.code) {
      case 'ArrowRight':
        next = inOutcomes ? (at.target === WON ? LOST : undefined) : order[order.indexOf(at.target) + 1];
        break;
      case 'ArrowLeft':
        next = inOutcomes ? (at.target === LOST ? WON : undefined) : order[order.indexOf(at.target) - 1];
        break;
      case 'ArrowUp':
        next = inOutcomes ? undefined : WON;
        break;
      case 'ArrowDown':
        next = inOutcomes ? at.lastStage : undefined;
        break;
      default:
        return undefined;
    }
    event.preventDefault();
    const rect = next === undefined ? undefined : droppableRects.get(next);
    if (next === undefined || !rect) return undefined;
    cursor.current = { target: next, lastStage: next === WON || next === LOST ? at.lastStage : next };
    // Centre the card on the target, near the top of a tall column so it stays in view.
    const top = next === WON || next === LOST ? rect.top + rect.height / 2 - collisionRect.height / 2 : rect.top + 48;
    return { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: top };
  }, []);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short press lifts a card on a touch screen, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  const nameOfTarget = useCallback((id: UniqueIdentifier | undefined) => {
    if (id === WON) return 'Won';
    if (id === LOST) return 'Lost';
    return stagesRef.current.find((s) => s.id === id)?.name ?? 'nowhere';
  }, []);

  const announcements = useMemo<Announcements>(
    () => ({
      onDragStart: ({ active: a }) =>
        `Picked up deal ${titleOf(a.data.current)}. Left and right arrows choose a stage, up arrow Won or Lost, space drops, escape cancels.`,
      onDragOver: ({ active: a, over }) =>
        over ? `Deal ${titleOf(a.data.current)} is over ${nameOfTarget(over.id)}.` : `Deal ${titleOf(a.data.current)} is over no stage.`,
      onDragEnd: ({ active: a, over }) =>
        over ? `Deal ${titleOf(a.data.current)} dropped on ${nameOfTarget(over.id)}.` : `Deal ${titleOf(a.data.current)} dropped; nothing changed.`,
      onDragCancel: ({ active: a }) => `Moving deal ${titleOf(a.data.current)} was cancelled.`,
    }),
    [nameOfTarget],
  );

  const onDragStart = useCallback((e: DragStartEvent) => {
    const deal = (e.active.data.current as { deal: Deal } | undefined)?.deal ?? null;
    setActive(deal);
    if (deal?.stageId) cursor.current = { target: deal.stageId, lastStage: deal.stageId };
  }, []);

  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setActive(null);
      cursor.current = null;
      const deal = (e.active.data.current as { deal: Deal } | undefined)?.deal;
      const over = e.over?.id;
      if (!deal || over === undefined) return;
      if (over === WON) onClose(deal, 'win');
      else if (over === LOST) onClose(deal, 'lose');
      else if (over !== deal.stageId) {
        const stage = stagesRef.current.find((s) => s.id === over);
        if (stage) onMove(deal, stage);
      }
    },
    [onMove, onClose],
  );

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setActive(null);
        cursor.current = null;
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move a deal, press space to lift it. Left and right arrows choose a stage, up arrow reaches Won and Lost. Press space again to drop, or escape to cancel.',
        },
      }}
    >
      <div className={styles.outcomes} data-dragging={active ? true : undefined}>
        <OutcomeTarget id={WON} label="Won" hint="Drop a deal here to mark it won" />
        <OutcomeTarget id={LOST} label="Lost" hint="Drop a deal here to mark it lost" />
      </div>
      <div className={styles.board} role="region" aria-label="Pipeline board" tabIndex={0}>
        <ol className={styles.columns}>
          {columns.map((column) => (
            <StageColumn
              key={column.stage?.id}
              column={column}
              stages={stages}
              onMove={onMove}
              onClose={onClose}
              onLoadMore={onLoadMore}
              load={columnLoads?.[column.stage?.id ?? '']}
            />
          ))}
        </ol>
      </div>
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className={`${styles.card} ${styles.overlay}`}>
            <CardBody deal={active} asLink={false} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
});

function titleOf(data: unknown): string {
  return (data as { deal?: Deal } | undefined)?.deal?.title ?? '';
}

function OutcomeTarget({ id, label, hint }: { id: string; label: string; hint: string }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div
      ref={setNodeRef}
      className={styles.outcome}
      data-outcome={id === WON ? 'won' : 'lost'}
      data-over={isOver || undefined}
    >
      <strong>{label}</strong>
      <span className={styles.hint}>{hint}</span>
    </div>
  );
}

interface ColumnProps extends CardActions {
  column: Column;
  stages: Stage[];
  onLoadMore?(stageId: string, after: string, how: 'scroll' | 'button'): void;
  load: ColumnLoad | undefined;
}

const StageColumn = memo(function StageColumn({ column, stages, onMove, onClose, onLoadMore, load }: ColumnProps) {
  const stage = column.stage!;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id!, data: { stage } });
  const deals = column.deals ?? [];
  const headingId = `stage-${stage.id}`;
  const hidden = (column.count ?? deals.length) - deals.length;
  const canLoadMore = hidden > 0 && !!column.next && !!onLoadMore;
  const more = useLoadMoreWhenSeen(canLoadMore && load === undefined, () => onLoadMore?.(stage.id!, column.next!, 'scroll'));
  return (
    <li ref={setNodeRef} className={styles.column} data-over={isOver || undefined} aria-labelledby={headingId}>
      <header className={styles.columnHeader}>
        <h2 id={headingId} className={styles.columnTitle}>
          {stage.name}
        </h2>
        <span className={styles.columnStats}>
          <span data-testid="stage-count">
            {column.count ?? 0} deal{column.count === 1 ? '' : 's'}
          </span>
          <span>{stage.probability ?? 0}%</span>
          {(column.rottingCount ?? 0) > 0 && <span className={styles.rotting}>{column.rottingCount} rotting</span>}
        </span>
        <Totals column={column} />
      </header>
      <ul className={styles.cards} aria-label={`Deals in ${stage.name}`}>
        {deals.map((deal) => (
          <DealCard key={deal.id} deal={deal} stages={stages} onMove={onMove} onClose={onClose} />
        ))}
        {canLoadMore && <li ref={more} className={styles.sentinel} aria-hidden="true" />}
      </ul>
      {canLoadMore && (
        <button
          type="button"
          className={`button ${styles.more}`}
          disabled={load === 'loading'}
          onClick={() => onLoadMore(stage.id!, column.next!, 'button')}
        >
          {load === 'loading' ? 'Loading…' : `Show more (${hidden} not shown)`}
        </button>
      )}
    </li>
  );
});

/**
 * Scrolling a column near its last card loads the next page, as the "Show more" button does (which stays, for the
 * keyboard and for browsers without IntersectionObserver): a callback ref for an element at the column's end.
 */
function useLoadMoreWhenSeen(enabled: boolean, loadMore: () => void) {
  const latest = useRef(loadMore);
  latest.current = loadMore;
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return;
    // The column scrolls on its own on a wide screen; on a phone the page does (the column grows with its cards).
    const box = element.parentElement;
    const columnScrolls = !!box && box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible';
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      },
      // A screenful of cards ahead, so the next page is there before it is needed.
      { root: columnScrolls ? box : null, rootMargin: '0px 0px 400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled, element]);
  return setElement;
}

/** Per currency: the stage's total and its probability-weighted total, as the board API computes them. */
function Totals({ column }: { column: Column }): ReactNode {
  const totals = column.totals ?? [];
  if (!totals.length) return <p className={styles.totals}>No amounts</p>;
  return (
    <dl className={styles.totals}>
      {totals.map((t) => (
        <div key={t.currency} className={styles.total}>
          <dt className="visually-hidden">Total {t.currency}</dt>
          <dd data-testid={`total-${t.currency}`}>{formatMoney(t.amount, t.currency!)}</dd>
          <dt className={styles.weightedLabel}>weighted</dt>
          <dd data-testid={`weighted-${t.currency}`}>{formatMoney(t.weighted, t.currency!)}</dd>
        </div>
      ))}
    </dl>
  );
}
