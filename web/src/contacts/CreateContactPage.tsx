import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem, type FormProblem } from '../api/problems';
import styles from './CreateContactPage.module.css';

type Field = 'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle';
type Values = Record<Field, string>;

const EMPTY: Values = { firstName: '', lastName: '', email: '', phone: '', jobTitle: '' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;

/** Checks what can be checked before asking the server; the server's problem details fill in the rest. */
export function validate(v: Values): Partial<Record<Field | 'form', string>> {
  const errors: Partial<Record<Field | 'form', string>> = {};
  if (!v.firstName.trim() && !v.lastName.trim() && !v.email.trim()) {
    errors.form = 'A contact needs a first name, a last name or an email.';
  }
  if (v.email.trim() && !EMAIL.test(v.email.trim())) errors.email = 'Enter an email address such as ana@example.com.';
  if (v.phone.trim() && !PHONE.test(v.phone.trim())) errors.phone = 'Enter a phone number such as +49 30 1234567.';
  if (v.firstName.length > 100) errors.firstName = 'At most 100 characters.';
  if (v.lastName.length > 100) errors.lastName = 'At most 100 characters.';
  if (v.jobTitle.length > 200) errors.jobTitle = 'At most 200 characters.';
  return errors;
}

/** Where a field error of the API belongs on this form. */
function fieldOf(apiField: string): Field | null {
  if (apiField.startsWith('emails')) return 'email';
  if (apiField.startsWith('phones')) return 'phone';
  if (apiField === 'firstName' || apiField === 'lastName' || apiField === 'jobTitle') return apiField;
  return null;
}

export function CreateContactPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FormProblem | null>(null);

  const create = useMutation({
    mutationFn: async (v: Values) =>
      dataOrThrow(
        await contactApi.POST('/api/v1/contacts', {
          body: {
            firstName: v.firstName.trim() || undefined,
            lastName: v.lastName.trim() || undefined,
            jobTitle: v.jobTitle.trim() || undefined,
            emails: v.email.trim() ? [{ address: v.email.trim(), primary: true }] : [],
            phones: v.phone.trim() ? [{ number: v.phone.trim(), type: 'work' }] : [],
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: ['contacts'] });
      // Today's contract declares the 201 body as a bare object (the create answers a replayable response); it is
      // the ContactView, so read its id.
      const id = (created as { id?: unknown }).id;
      void navigate(typeof id === 'string' ? `/contacts/${id}` : '/contacts');
    },
    onError: (e) => {
      setServer(
        e instanceof ApiError
          ? toFormProblem(e.problem, fieldOf)
          : { fields: {}, general: e.message, existingId: null },
      );
    },
  });

  const local = validate(values);
  const errorOf = (f: Field) => (touched[f] || submitted ? local[f] : undefined) ?? server?.fields[f];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer(null);
    if (Object.keys(local).length === 0) create.mutate(values);
  };

  const input = (field: Field, label: string, type = 'text', autoComplete?: string) => {
    const error = errorOf(field);
    const errorId = `${field}-error`;
    return (
      <div className={styles.field}>
        <label htmlFor={field}>{label}</label>
        <input
          id={field}
          name={field}
          type={type}
          autoComplete={autoComplete}
          value={values[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setValues({ ...values, [field]: e.target.value });
            if (server?.fields[field]) setServer({ ...server, fields: { ...server.fields, [field]: '' } });
          }}
          onBlur={() => setTouched({ ...touched, [field]: true })}
        />
        {error && (
          <span id={errorId} className={styles.error}>
            {error}
          </span>
        )}
      </div>
    );
  };

  return (
    <section>
      <h1>New contact</h1>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {submitted && local.form && (
          <p className="alert" role="alert">
            {local.form}
          </p>
        )}
        {server?.existingId && (
          <p className="alert" role="alert">
            A contact with this email already exists.{' '}
            <Link to={`/contacts/${server.existingId}`}>Open the existing record</Link>
          </p>
        )}
        {server?.general && !server.existingId && (
          <p className="alert" role="alert">
            {server.general}
          </p>
        )}
        {input('firstName', 'First name', 'text', 'given-name')}
        {input('lastName', 'Last name', 'text', 'family-name')}
        {input('email', 'Email', 'email', 'email')}
        {input('phone', 'Phone', 'tel', 'tel')}
        {input('jobTitle', 'Job title', 'text', 'organization-title')}
        <div className={styles.actions}>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Create contact'}
          </button>
          <Link to="/contacts" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
