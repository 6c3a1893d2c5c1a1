import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FieldError, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useNavigate } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import styles from './CreateContactPage.module.css';
import { allowDuplicateQuery, isPossibleDuplicate, type PossibleDuplicate } from '../duplicates/contract';
import { PossibleDuplicateAlert } from '../duplicates/PossibleDuplicateAlert';

type Field = 'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;

/** What can be checked before asking the server; the server's problem details fill in the rest. */
export const contactSchema = z
  .object({
    firstName: z.string().max(100, 'At most 100 characters.'),
    lastName: z.string().max(100, 'At most 100 characters.'),
    email: z
      .string()
      .refine((v) => !v.trim() || EMAIL.test(v.trim()), 'Enter an email address such as ana@example.com.'),
    phone: z
      .string()
      .refine((v) => !v.trim() || PHONE.test(v.trim()), 'Enter a phone number such as +49 30 1234567.'),
    jobTitle: z.string().max(200, 'At most 200 characters.'),
  })
  .refine((v) => v.firstName.trim() || v.lastName.trim() || v.email.trim(), {
    path: ['form'],
    message: 'A contact needs a first name, a last name or an email.',
  });
type Values = z.infer<typeof contactSchema>;

const EMPTY: Values = { firstName: '', lastName: '', email: '', phone: '', jobTitle: '' };

/** The schema's messages per field (and `form` for the whole form); empty when the values pass. */
export function validate(v: Values): Partial<Record<Field | 'form', string>> {
  const result = contactSchema.safeParse(v);
  const errors: Partial<Record<Field | 'form', string>> = {};
  for (const issue of result.error?.issues ?? []) {
    const field = issue.path[0] as Field | 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Where a field error of the API belongs on this form. */
function fieldOf(apiField: string): Field | null {
  if (apiField.startsWith('emails')) return 'email';
  if (apiField.startsWith('phones')) return 'phone';
  if (apiField === 'firstName' || apiField === 'lastName' || apiField === 'jobTitle') return apiField;
  return null;
}

/**
 * A new contact (react-hook-form with the zod schema above): fields check when left and on submit; the service's
 * problems land on their fields, a duplicate email (409) offers to open the existing record, and a likely duplicate
 * (409 possible-duplicate) names the candidates and offers "Create anyway" (the same create with allowDuplicate).
 */
export function CreateContactPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [server, setServer] = useState<{ general: string | null; existingId: string | null } | null>(null);
  const [possible, setPossible] = useState<PossibleDuplicate[] | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(contactSchema), mode: 'onTouched', defaultValues: EMPTY });
  const formError = (errors as Record<string, FieldError | undefined>).form;

  const create = useMutation({
    mutationFn: async ({ values: v, allowDuplicate }: { values: Values; allowDuplicate: boolean }) =>
      dataOrThrow(
        await contactApi.POST('/api/v1/contacts', {
          params: { query: allowDuplicateQuery(allowDuplicate) },
          body: {
            firstName: v.firstName.trim() || undefined,
            lastName: v.lastName.trim() || undefined,
            jobTitle: v.jobTitle.trim() || undefined,
            emails: v.email.trim() ? [{ address: v.email.trim(), primary: true }] : [],
            phones: v.phone.trim() ? [{ number: v.phone.trim(), type: 'work' }] : [],
          },
          // A fresh key per attempt: "Create anyway" must not replay the 409 the first attempt was answered.
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: ['contacts'] });
      void queries.invalidateQueries({ queryKey: ['duplicates', 'contacts'] });
      // Today's contract declares the 201 body as a bare object (the create answers a replayable response); it is
      // the ContactView, so read its id.
      const id = (created as { id?: unknown }).id;
      void navigate(typeof id === 'string' ? `/contacts/${id}` : '/contacts');
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) {
        setServer({ general: e.message, existingId: null });
        return;
      }
      if (isPossibleDuplicate(e.problem)) {
        setPossible(e.problem.duplicates);
        return;
      }
      const problem = toFormProblem(e.problem, fieldOf);
      for (const [field, message] of Object.entries(problem.fields)) setError(field as Field, { message });
      setServer({ general: problem.general, existingId: problem.existingId });
    },
  });

  const input = (field: Field, label: string, type = 'text', autoComplete?: string) => {
    const error = errors[field]?.message;
    const errorId = `${field}-error`;
    return (
      <div className={styles.field}>
        <label htmlFor={field}>{label}</label>
        <input
          id={field}
          type={type}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...register(field)}
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
      <form
        className={styles.form}
        onSubmit={handleSubmit((values) => {
          setServer(null);
          setPossible(null);
          create.mutate({ values, allowDuplicate: false });
        })}
        noValidate
      >
        {formError && (
          <p className="alert" role="alert">
            {formError.message}
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
        {possible && (
          <PossibleDuplicateAlert
            kind="contacts"
            duplicates={possible}
            creating={create.isPending}
            // What the form holds now (checked again), created even though it looks like them.
            onCreateAnyway={handleSubmit((values) => {
              setServer(null);
              create.mutate({ values, allowDuplicate: true });
            })}
          />
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
