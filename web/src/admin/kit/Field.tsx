import type { ReactNode } from 'react';
import styles from './admin.module.css';

/** What a form control needs to be tied to its label, and to its error (or hint) as its description. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  /** The control's id; its error is `${id}-error`, its hint `${id}-hint`. */
  id: string;
  label: ReactNode;
  /** The field's error (the form's validation or the server's problem); while there is one, it replaces the hint. */
  error?: string;
  hint?: ReactNode;
  /** Renders the control with the props that label and describe it (spread them on the input or select). */
  children(control: ControlProps): ReactNode;
}

/**
 * One labelled form field of the admin pages: the label, the control, and under it the error (announced as the
 * control's description, which is then marked invalid) or else the hint.
 */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {error ? (
        <span id={`${id}-error`} className={styles.error}>
          {error}
        </span>
      ) : (
        hint && (
          <span id={`${id}-hint`} className={styles.hint}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

/**
 * Above a form: what went wrong that belongs to no field (an alert), and "Saved." once a save went through and
 * nothing has been changed since.
 */
export function FormStatus({ error, saved = false }: { error: string | null; saved?: boolean }) {
  return (
    <>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className={styles.success} role="status">
          Saved.
        </p>
      )}
    </>
  );
}
