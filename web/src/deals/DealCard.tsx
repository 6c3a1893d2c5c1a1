import { memo, useEffect, useRef, useState, type KeyboardEventHandler } from 'react';
import { Link } from 'react-router';
import { useDraggable } from '@dnd-kit/core';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { amountOf, daysInStage, formatMoney, partiesOf, type Deal, type Stage } from './model';
import type { Outcome } from './api';
import styles from './Board.module.css';

export interface CardActions {
  /** Move the deal to another stage (the card's "Move to…" menu; drag and drop calls the same). */
  onMove(deal: Deal, stage: Stage): void;
  /** Open the win or lose dialog for the deal. */
  onClose(deal: Deal, outcome: Outcome): void;
}

interface Props extends CardActions {
  deal: Deal;
  stages: Stage[];
}

/**
 * A deal on the board. The whole card drags with a mouse or a finger (after a short press, so the column still
 * scrolls); the grip button is the keyboard's handle (Space to lift, arrows to pick a stage, Space to drop, Escape to
 * cancel), and "Move to…" is a menu for every stage and the outcome, for whoever prefers not to drag.
 */
export const DealCard = memo(function DealCard({ deal, stages, onMove, onClose }: Props) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: deal.id!,
    data: { deal },
  });
  // Mouse and touch start a drag anywhere on the card; keys only on the grip, so Enter on the title still opens it.
  const { onKeyDown, ...pointer } = listeners ?? {};
  return (
    <li
      ref={setNodeRef}
      className={styles.card}
      data-dragging={isDragging || undefined}
      data-rotting={deal.rotting || undefined}
      data-deal-id={deal.id}
      {...pointer}
    >
      <CardBody deal={deal} />
      <div className={styles.cardActions}>
        <button
          type="button"
          ref={setActivatorNodeRef}
          className={styles.grip}
          {...attributes}
          onKeyDown={onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined}
          aria-label={`Drag ${deal.title}`}
        >
          <span aria-hidden="true">⠿</span>
        </button>
        <MoveMenu deal={deal} stages={stages} onMove={onMove} onClose={onClose} />
      </div>
    </li>
  );
});

/** What a card shows; also the drag overlay's content. Kept pure so a board of hundreds re-renders cheaply. */
export const CardBody = memo(function CardBody({ deal, asLink = true }: { deal: Deal; asLink?: boolean }) {
  const amount = amountOf(deal);
  const { company, contact } = partiesOf(deal);
  const days = daysInStage(deal);
  return (
    <div className={styles.cardBody}>
      {asLink ? (
        <Link to={`/deals/${deal.id}`} className={styles.cardTitle} draggable={false}>
          {deal.title}
        </Link>
      ) : (
        <span className={styles.cardTitle}>{deal.title}</span>
      )}
      {(company || contact) && <span className={styles.parties}>{[company, contact].filter(Boolean).join(' · ')}</span>}
      <span className={styles.cardMeta}>
        <strong>{amount ? formatMoney(amount.value, amount.currency) : 'No amount'}</strong>
        <span>{deal.ownerId}</span>
      </span>
      <span className={styles.cardMeta}>
        <span>{days === null ? '' : `${days} day${days === 1 ? '' : 's'} in stage`}</span>
        {deal.rotting && (
          <span className={styles.rotting} title="Idle in this stage for longer than its rotting period">
            Rotting
          </span>
        )}
      </span>
    </div>
  );
});

/**
 * The card's "Move to…" menu (Radix: focus handling, arrow keys, Escape). A board shows hundreds of cards, so each
 * starts as a plain button and becomes the Radix menu the first time it is pressed or opened from the keyboard (one
 * menu's worth of components per card the user touches, not per card on the board); that first press opens it.
 */
function MoveMenu(props: Props) {
  const [openedBy, setOpenedBy] = useState<'pointer' | 'keyboard' | null>(null);
  const label = `Move to… (${props.deal.title})`;
  if (!openedBy) {
    return (
      <button
        type="button"
        className={styles.menuButton}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={false}
        // As Radix's trigger does: the primary button opens on press (and, for a mouse, keeps the card from starting
        // a drag: no mousedown follows a prevented pointerdown).
        onPointerDown={(e) => {
          if (e.button === 0 && !e.ctrlKey) {
            e.preventDefault();
            setOpenedBy('pointer');
          }
        }}
        // A click with no pointer behind it (assistive technology activating the button) opens it as the keyboard does.
        onClick={(e) => {
          if (e.detail === 0) setOpenedBy('keyboard');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
            e.preventDefault();
            setOpenedBy('keyboard');
          }
        }}
      >
        Move to…
      </button>
    );
  }
  return <RadixMoveMenu {...props} label={label} focusFirstItem={openedBy === 'keyboard'} />;
}

function RadixMoveMenu({ deal, stages, onMove, onClose, label, focusFirstItem }: Props & { label: string; focusFirstItem: boolean }) {
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Opened from the keyboard before this menu existed: start on the first item, as Radix does from its own
    // trigger (it focuses the menu itself once mounted; this runs after that).
    if (!focusFirstItem) return;
    const frame = requestAnimationFrame(() =>
      content.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, [focusFirstItem]);
  return (
    <Menu.Root modal={false} defaultOpen>
      <Menu.Trigger className={styles.menuButton} aria-label={label}>
        Move to…
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          ref={content}
          className={styles.menu}
          align="end"
          sideOffset={4}
          collisionPadding={8}
        >
          {stages
            .filter((s) => s.id !== deal.stageId)
            .map((s) => (
              <Menu.Item key={s.id} className={styles.menuItem} onSelect={() => onMove(deal, s)}>
                {s.name}
              </Menu.Item>
            ))}
          <Menu.Separator className={styles.menuSeparator} />
          <Menu.Item className={styles.menuItem} onSelect={() => onClose(deal, 'win')}>
            Won…
          </Menu.Item>
          <Menu.Item className={styles.menuItem} onSelect={() => onClose(deal, 'lose')}>
            Lost…
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
