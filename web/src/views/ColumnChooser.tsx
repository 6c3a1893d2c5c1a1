import { useEffect, useId, useRef, useState } from 'react';
import type { ListConfig } from './listState';
import styles from './ListControls.module.css';

interface Props {
  config: ListConfig;
  /** The visible columns, in order. */
  columns: string[];
  onChange(columns: string[]): void;
}

/**
 * Which columns show, and in what order: a disclosure with a checkbox per column and buttons to move the shown ones
 * up or down (keyboard-friendly, no drag needed). The record's own column (its link) always shows: its checkbox
 * stays in the tab order, marked unavailable, and says so.
 */
export function ColumnChooser({ config, columns, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  // Shown columns first (in their order), then the hidden ones in the list's order.
  const ordered = [
    ...columns.map((id) => config.columns.find((c) => c.id === id)!).filter(Boolean),
    ...config.columns.filter((c) => !columns.includes(c.id)),
  ];
  const toggle = (id: string, show: boolean) =>
    onChange(show ? [...columns, id] : columns.filter((c) => c !== id));
  const move = (id: string, by: -1 | 1) => {
    const at = columns.indexOf(id);
    const to = at + by;
    if (at < 0 || to < 0 || to >= columns.length) return;
    const next = [...columns];
    [next[at], next[to]] = [next[to]!, next[at]!];
    onChange(next);
  };

  return (
    <div className={styles.chooser} ref={ref}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Columns
      </button>
      <div id={panelId} className={styles.chooserPanel} hidden={!open}>
        <ul aria-label="Columns to show">
          {ordered.map((c) => {
            const shown = columns.includes(c.id);
            const at = columns.indexOf(c.id);
            const whyFixed = `${panelId}-${c.id}-fixed`;
            return (
              <li key={c.id}>
                <label>
                  {/* A column that cannot be hidden stays focusable (aria-disabled, not disabled) and says why. */}
                  <input
                    type="checkbox"
                    checked={shown}
                    aria-disabled={c.fixed || undefined}
                    aria-describedby={c.fixed ? whyFixed : undefined}
                    onChange={(e) => !c.fixed && toggle(c.id, e.target.checked)}
                  />
                  {c.label}
                </label>
                {c.fixed && (
                  <span id={whyFixed} className={`muted ${styles.fixedNote}`}>
                    Always shown: it opens the record.
                  </span>
                )}
                {shown && (
                  <>
                    <button
                      type="button"
                      className={`button ${styles.move}`}
                      aria-label={`Move ${c.label} earlier`}
                      disabled={at === 0}
                      onClick={() => move(c.id, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className={`button ${styles.move}`}
                      aria-label={`Move ${c.label} later`}
                      disabled={at === columns.length - 1}
                      onClick={() => move(c.id, 1)}
                    >
                      ↓
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
