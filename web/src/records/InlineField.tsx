import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { InlineEditor } from './inlineEdit';
import styles from './InlineField.module.css';

export interface InlineFieldProps {
  /** The field's key in the editor (errors, conflicts). */
  name: string;
  label: string;
  /** The value as edited (the text in the input). */
  value: string;
  /** How the value reads when not editing (defaults to the value, or — when empty). */
  display?: ReactNode;
  /** A link beside the value (mailto:, tel:), outside the edit button. */
  action?: ReactNode;
  type?: 'text' | 'email' | 'tel' | 'select';
  options?: { value: string; label: string }[];
  /** A local check before saving: a message, or undefined when fine. */
  validate?: (value: string) => string | undefined;
  /** The merge patch that sets this field to `value`. */
  toPatch: (value: string) => object;
  editor: InlineEditor;
  hint?: string;
}

/**
 * One field of a record's details (a dt/dd pair) that edits in place: click it or press Enter on it to edit,
 * Enter or Save to save (a merge patch with If-Match), Escape or Cancel to leave it unchanged. Problems show on the
 * field; a 412 shows what changed on the server and offers to re-apply the change.
 */
export function InlineField({
  name,
  label,
  value,
  display,
  action,
  type = 'text',
  options = [],
  validate,
  toPatch,
  editor,
  hint,
}: InlineFieldProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [localError, setLocalError] = useState<string | undefined>();
  const id = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    // Back from editing: focus returns to the field, so keyboard users keep their place.
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const error = localError || editor.errors[name];
  const conflict = editor.conflict?.field === name ? editor.conflict : null;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;

  const start = () => {
    setDraft(value);
    setLocalError(undefined);
    editor.clearError(name);
    setEditing(true);
  };
  const cancel = () => {
    setLocalError(undefined);
    editor.clearError(name);
    setEditing(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === value) {
      cancel();
      return;
    }
    const problem = validate?.(draft);
    setLocalError(problem);
    if (problem) return;
    if (await editor.save(name, toPatch(draft), draft)) setEditing(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <dt>{editing ? <label htmlFor={`${id}-input`}>{label}</label> : label}</dt>
      <dd className={styles.field}>
        {editing ? (
          <form className={styles.form} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
            {type === 'select' ? (
              <select
                id={`${id}-input`}
                className={styles.input}
                value={draft}
                autoFocus
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => setDraft(e.target.value)}
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${id}-input`}
                className={styles.input}
                type={type}
                value={draft}
                autoFocus
                autoComplete="off"
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setLocalError(undefined);
                }}
              />
            )}
            <span className={styles.buttons}>
              <button type="submit" className="button primary" disabled={editor.saving === name}>
                {editor.saving === name ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="button" onClick={cancel}>
                Cancel
              </button>
            </span>
            {hint && (
              <span id={hintId} className={styles.hint}>
                {hint}
              </span>
            )}
            {error && (
              <span id={errorId} className={styles.error}>
                {error}
              </span>
            )}
          </form>
        ) : (
          <span className={styles.display}>
            <button type="button" ref={editButton} className={styles.value} onClick={start}>
              <span className={styles.text}>
                {display ?? (value || '—')}
                <span className="visually-hidden">, edit {label.toLowerCase()}</span>
              </span>
              <span className={styles.pencil} aria-hidden="true">
                ✎
              </span>
            </button>
            {action}
          </span>
        )}
        {conflict && (
          <div className={styles.conflict} role="alert">
            <p>
              <strong>Someone else changed this record while you were editing.</strong> Your change to{' '}
              {label.toLowerCase()} (“{conflict.mine || 'empty'}”) was not saved.
            </p>
            {conflict.changes.length > 0 ? (
              <>
                <p>Changed on the server:</p>
                <ul>
                  {conflict.changes.map((c) => (
                    <li key={c.label}>
                      {c.label}: “{c.before || 'empty'}” → “{c.after || 'empty'}”
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No field shown here changed on the server.</p>
            )}
            <span className={styles.buttons}>
              <button type="button" className="button primary" onClick={() => void editor.reapply()}>
                Re-apply my change
              </button>
              <button type="button" className="button" onClick={editor.dismiss}>
                Keep theirs
              </button>
            </span>
          </div>
        )}
      </dd>
    </>
  );
}
