import { useEffect, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type Modifier,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { problemMessage } from '../forms';
import type { Stage } from './api';
import { stageInput, type StageValues } from './schemas';
import { StageForm } from './StageForm';
import styles from './StageList.module.css';

interface Props {
  stages: Stage[];
  /** No changes at all (an archived pipeline): the controls are disabled. */
  locked: boolean;
  /**
   * A change is on its way: the controls ignore presses (and say so with aria-disabled) but stay enabled, so the
   * keyboard focus stays on the button just pressed.
   */
  busy: boolean;
  onReorder(stageIds: string[], moved: Stage, toIndex: number): void;
  onSave(stage: Stage, values: StageValues): Promise<unknown>;
  onRemove(stage: Stage): Promise<unknown>;
}

/** Stages move up and down only. */
const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });

/** The new order of the stage ids after moving the stage at `from` to `to`. */
export function moved(ids: string[], from: number, to: number): string[] {
  return arrayMove(ids, from, to);
}

/**
 * A pipeline's stages in board order. Reorder by dragging a row's grip (mouse, or touch after a short press), by the
 * keyboard (Tab to the grip, Space to lift, Up/Down, Space to drop, Escape to cancel; dnd-kit announces each step),
 * or with a row's Move up / Move down buttons. Each row edits in place and removes after a confirmation; a refusal
 * (a stage that still holds open deals) is shown on its row.
 */
export function StageList({ stages, locked, busy, onReorder, onSave, onRemove }: Props) {
  const ids = useMemo(() => stages.map((s) => s.id!), [stages]);
  const nameOf = (id: UniqueIdentifier) => stages.find((s) => s.id === id)?.name ?? 'stage';
  const positionOf = (id: UniqueIdentifier | undefined) => (id === undefined ? -1 : ids.indexOf(String(id)) + 1);
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; direction: 'up' | 'down'; order: string } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    // On a touch screen a short press lifts the row, so a swipe over the list still scrolls the page.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up stage ${nameOf(active.id)}, at position ${positionOf(active.id)} of ${ids.length}.`,
    onDragOver: ({ active, over }) =>
      over ? `Stage ${nameOf(active.id)} is over position ${positionOf(over.id)} of ${ids.length}.` : `Stage ${nameOf(active.id)} is over no position.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `Stage ${nameOf(active.id)} dropped at position ${positionOf(over.id)} of ${ids.length}.`
        : `Stage ${nameOf(active.id)} dropped; it stays where it was.`,
    onDragCancel: ({ active }) => `Moving cancelled; stage ${nameOf(active.id)} stays at position ${positionOf(active.id)}.`,
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    onReorder(moved(ids, from, to), stages[from]!, to);
  };

  const moveBy = (index: number, delta: -1 | 1) => {
    if (busy) return;
    const stage = stages[index]!;
    const order = moved(ids, index, index + delta);
    setFocusAfterMove({ id: stage.id!, direction: delta < 0 ? 'up' : 'down', order: order.join() });
    onReorder(order, stage, index + delta);
  };

  // A row moved by its buttons keeps the focus on the button pressed (or its twin when it reached an end).
  useEffect(() => {
    // Once the list shows the new order (at once, or when the service answers).
    if (!focusAfterMove || ids.join() !== focusAfterMove.order) return;
    const index = ids.indexOf(focusAfterMove.id);
    const atEnd = focusAfterMove.direction === 'up' ? index === 0 : index === ids.length - 1;
    const direction = atEnd ? (focusAfterMove.direction === 'up' ? 'down' : 'up') : focusAfterMove.direction;
    buttons.current.get(`${focusAfterMove.id}:${direction}`)?.focus();
    setFocusAfterMove(null);
  }, [ids, focusAfterMove]);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[verticalOnly]}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To reorder this stage, press Space to lift it, use the Up and Down arrow keys to move it, then press Space to drop it in place or Escape to cancel.',
        },
      }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy} disabled={locked || busy}>
        <ol className={styles.list}>
          {stages.map((stage, index) => (
            <StageRow
              key={stage.id}
              stage={stage}
              index={index}
              count={stages.length}
              locked={locked}
              busy={busy}
              onMove={(delta) => moveBy(index, delta)}
              buttonRef={(direction, el) => {
                const key = `${stage.id}:${direction}`;
                if (el) buttons.current.set(key, el);
                else buttons.current.delete(key);
              }}
              onSave={(values) => onSave(stage, values)}
              onRemove={() => onRemove(stage)}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

interface RowProps {
  stage: Stage;
  index: number;
  count: number;
  locked: boolean;
  busy: boolean;
  onMove(delta: -1 | 1): void;
  buttonRef(direction: 'up' | 'down', el: HTMLButtonElement | null): void;
  onSave(values: StageValues): Promise<unknown>;
  onRemove(): Promise<unknown>;
}

function StageRow({ stage, index, count, locked, busy, onMove, buttonRef, onSave, onRemove }: RowProps) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id!,
    disabled: locked || busy || mode !== 'view',
  });
  const name = stage.name ?? '';
  const headingId = `stage-${stage.id}-heading`;

  useEffect(() => {
    if (mode === 'confirm') confirmButton.current?.focus();
  }, [mode]);

  const leave = () => {
    setMode('view');
    // Back on the row's Edit button once it is rendered again.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      await onRemove();
    } catch (e) {
      setError(problemMessage(e));
      setMode('view');
    } finally {
      setRemoving(false);
    }
  };

  return (
    <li
      ref={setNodeRef}
      className={styles.row}
      data-stage-id={stage.id}
      data-dragging={isDragging ? '' : undefined}
      aria-labelledby={headingId}
      style={{
        transform: transform ? `translate3d(${Math.round(transform.x)}px, ${Math.round(transform.y)}px, 0)` : undefined,
        transition,
      }}
    >
      {mode === 'edit' ? (
        <div className={styles.editing}>
          <h3 id={headingId} className={styles.name}>
            Edit stage {name}
          </h3>
          <StageForm
            idPrefix={`stage-${stage.id}`}
            label={`Edit stage ${name}`}
            defaultValues={stageInput(stage)}
            submitLabel="Save stage"
            disabled={locked || busy}
            save={async (values) => {
              await onSave(values);
              leave();
            }}
            onCancel={leave}
          />
        </div>
      ) : (
        <>
          <div className={styles.main}>
            <button
              type="button"
              ref={setActivatorNodeRef}
              className={styles.grip}
              disabled={locked}
              {...attributes}
              {...listeners}
              aria-label={`Reorder ${name}`}
            >
              <span aria-hidden="true">⠿</span>
            </button>
            <span className={styles.position} aria-hidden="true">
              {index + 1}
            </span>
            <div className={styles.details}>
              <h3 id={headingId} className={styles.name}>
                {name}
              </h3>
              <p className={styles.facts}>
                <span>{stage.probability ?? 0}% probability</span>
                <span>{stage.rottingDays ? `rots after ${stage.rottingDays} ${stage.rottingDays === 1 ? 'day' : 'days'}` : 'never rots'}</span>
              </p>
            </div>
          </div>
          {mode === 'confirm' ? (
            <div className={styles.confirm} role="group" aria-label={`Remove stage ${name}?`}>
              <p>
                Remove stage “{name}”? Closed deals and the stage history keep it.
              </p>
              <div className={styles.actions}>
                <button
                  ref={confirmButton}
                  type="button"
                  className={`button ${styles.danger}`}
                  disabled={removing}
                  aria-disabled={busy || undefined}
                  onClick={() => !busy && void remove()}
                >
                  {removing ? 'Removing…' : 'Remove stage'}
                </button>
                <button type="button" className="button" onClick={leave} disabled={removing}>
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className={styles.actions}>
              <button
                type="button"
                className="button"
                ref={(el) => buttonRef('up', el)}
                disabled={locked || index === 0}
                aria-disabled={busy || undefined}
                onClick={() => onMove(-1)}
                aria-label={`Move ${name} up`}
              >
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                className="button"
                ref={(el) => buttonRef('down', el)}
                disabled={locked || index === count - 1}
                aria-disabled={busy || undefined}
                onClick={() => onMove(1)}
                aria-label={`Move ${name} down`}
              >
                <span aria-hidden="true">↓</span>
              </button>
              <button
                type="button"
                className="button"
                ref={editButton}
                disabled={locked}
                onClick={() => {
                  setError(null);
                  setMode('edit');
                }}
                aria-label={`Edit ${name}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="button"
                disabled={locked}
                onClick={() => {
                  setError(null);
                  setMode('confirm');
                }}
                aria-label={`Remove ${name}`}
              >
                Remove
              </button>
            </div>
          )}
        </>
      )}
      {error && (
        <p className={`alert ${styles.rowError}`} role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
