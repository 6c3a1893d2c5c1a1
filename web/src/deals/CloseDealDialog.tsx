import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, toFormProblem, type FormProblem } from '../api/problems';
import { useCloseDeal, type Outcome } from './api';
import type { Deal } from './model';
import styles from './CloseDealDialog.module.css';

interface Props {
  /** The deal to close; null keeps the dialog shut. */
  deal: Deal | null;
  outcome: Outcome;
  onOpenChange(open: boolean): void;
  onClosed(deal: Deal, outcome: Outcome): void;
}

type Field = 'reason' | 'note';

/** Checks what the service will check: a loss needs a reason (≤ 200 characters); a note is at most 2000. */
export function validateClose(outcome: Outcome, reason: string, note: string): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (outcome === 'lose' && !reason.trim()) errors.reason = 'Say why the deal was lost.';
  if (reason.length > 200) errors.reason = 'At most 200 characters.';
  if (note.length > 2000) errors.note = 'At most 2000 characters.';
  return errors;
}

/** Win (with an optional note) or lose (with a required reason) a deal, through the API's win and lose endpoints. */
export function CloseDealDialog({ deal, outcome, onOpenChange, onClosed }: Props) {
  const close = useCloseDeal();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormProblem | null>(null);
  const ids = useId();
  const { reset } = close;
  const dialog = useRef<HTMLDialogElement>(null);
  const open = !!deal;

  // The platform's modal dialog: focus moves in and stays, the page behind is inert, Escape closes it. (Radix's
  // dialog injects a <style> element to lock scrolling, which the app's Content-Security-Policy refuses.)
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);

  // A new deal or outcome starts afresh; a newer copy of the same deal (the board reloaded under the dialog, or the
  // drop handed over the card's refreshed deal) keeps what the person has typed.
  const dealId = deal?.id;
  useEffect(() => {
    setReason('');
    setNote('');
    setSubmitted(false);
    setServer(null);
    reset();
  }, [dealId, outcome, reset]);

  const local = validateClose(outcome, reason, note);
  const errorOf = (f: Field) => (submitted ? local[f] : undefined) ?? server?.fields[f];
  const won = outcome === 'win';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer(null);
    if (!deal || Object.keys(local).length) return;
    close.mutate(
      { deal, outcome, reason: reason.trim(), note: note.trim() },
      {
        onSuccess: (closed) => onClosed(closed, outcome),
        onError: (error) =>
          setServer(
            error instanceof ApiError
              ? error.status === 412
                ? { fields: {}, general: 'Someone changed this deal meanwhile. Close this dialog and try again.', existingId: null }
                : toFormProblem(error.problem, (f) => (f === 'reason' || f === 'note' ? f : null))
              : { fields: {}, general: error.message, existingId: null },
          ),
      },
    );
  };

  const reasonError = errorOf('reason');
  const noteError = errorOf('note');
  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-desc`}
      onClose={() => onOpenChange(false)}
    >
      {deal && (
        <>
          <h2 id={`${ids}-title`} className={styles.title}>
            {won ? 'Mark deal won' : 'Mark deal lost'}
          </h2>
          <p id={`${ids}-desc`} className="muted">
            “{deal.title}” {won ? 'is won: it leaves the board.' : 'is lost: it leaves the board.'}
          </p>
          <form className={styles.form} onSubmit={onSubmit} noValidate>
            {server?.general && (
              <p className="alert" role="alert">
                {server.general}
              </p>
            )}
            {!won && (
              <div className={styles.field}>
                <label htmlFor={`${ids}-reason`}>Reason</label>
                <input
                  id={`${ids}-reason`}
                  value={reason}
                  maxLength={200}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `${ids}-reason-error` : undefined}
                  aria-required="true"
                  onChange={(e) => setReason(e.target.value)}
                />
                {reasonError && (
                  <span id={`${ids}-reason-error`} className={styles.error}>
                    {reasonError}
                  </span>
                )}
              </div>
            )}
            <div className={styles.field}>
              <label htmlFor={`${ids}-note`}>Note (optional)</label>
              <textarea
                id={`${ids}-note`}
                value={note}
                rows={3}
                aria-invalid={noteError ? true : undefined}
                aria-describedby={noteError ? `${ids}-note-error` : undefined}
                onChange={(e) => setNote(e.target.value)}
              />
              {noteError && (
                <span id={`${ids}-note-error`} className={styles.error}>
                  {noteError}
                </span>
              )}
            </div>
            <div className={styles.actions}>
              <button type="submit" className={`button primary ${won ? '' : styles.danger}`} disabled={close.isPending}>
                {close.isPending ? 'Saving…' : won ? 'Mark won' : 'Mark lost'}
              </button>
              <button type="button" className="button" onClick={() => onOpenChange(false)}>
                Cancel
              </button>
            </div>
          </form>
        </>
      )}
    </dialog>
  );
}
