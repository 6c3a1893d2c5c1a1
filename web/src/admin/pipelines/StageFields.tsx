import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import styles from '../Admin.module.css';

type Name = 'name' | 'probability' | 'rottingDays';

interface Props {
  /** Unique per form on the page: the inputs' ids start with it. */
  idPrefix: string;
  register: (name: Name) => UseFormRegisterReturn;
  errors?: Partial<Record<Name, FieldError | undefined>>;
  /** Read by assistive technology before each label (e.g. "Stage 2"), when several stages share a form. */
  legend?: string;
}

/** A stage's three inputs (name, probability, rotting days) with their labels and errors. */
export function StageFields({ idPrefix, register, errors, legend }: Props) {
  const field = (name: Name, label: string, extra: { inputMode?: 'numeric'; hint?: string } = {}) => {
    const id = `${idPrefix}-${name}`;
    const error = errors?.[name]?.message;
    const described = [error ? `${id}-error` : null, extra.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
    return (
      <div className={styles.field}>
        <label htmlFor={id}>
          {legend && <span className="visually-hidden">{legend} </span>}
          {label}
        </label>
        <input
          id={id}
          autoComplete="off"
          inputMode={extra.inputMode}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          {...register(name)}
        />
        {extra.hint && (
          <span id={`${id}-hint`} className={styles.hint}>
            {extra.hint}
          </span>
        )}
        {error && (
          <span id={`${id}-error`} className={styles.error}>
            {error}
          </span>
        )}
      </div>
    );
  };
  return (
    <div className={styles.row}>
      {field('name', 'Stage name')}
      {field('probability', 'Probability (%)', { inputMode: 'numeric' })}
      {field('rottingDays', 'Rotting days', { inputMode: 'numeric', hint: 'Empty: never rots' })}
    </div>
  );
}
