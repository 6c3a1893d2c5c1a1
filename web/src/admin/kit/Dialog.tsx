import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './admin.module.css';

interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
}

/**
 * The platform's modal <dialog>: focus moves in and stays, the page behind is inert, Escape closes it. (Radix's dialog
 * injects a <style> element, which the app's Content-Security-Policy refuses; see docs/ui.md.)
 */
export function Dialog({ open, title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby={`${id}-title`} onClose={onClose}>
      {open && (
        <>
          <h2 id={`${id}-title`} className={styles.dialogTitle}>
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  /** What will happen, in words. */
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  /** The last attempt's failure, shown in the dialog. */
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before an action that is hard to undo: says what happens, and names the action on its button. */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, pending, error, onConfirm, onCancel }: ConfirmProps) {
  return (
    <Dialog open={open} title={title} onClose={onCancel}>
      <div className={styles.dialogBody}>{children}</div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className={styles.actions}>
        <button
          type="button"
          className={`button primary ${danger ? styles.danger : ''}`}
          disabled={pending}
          onClick={onConfirm}
        >
          {pending ? 'Working…' : confirmLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
