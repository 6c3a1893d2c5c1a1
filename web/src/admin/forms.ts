import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { ApiError, toFormProblem } from '../api/problems';

/** Said when a write was refused with 412: the record changed since it was read, and the screen has reloaded it. */
export const CHANGED_MEANWHILE = 'Someone changed this pipeline meanwhile. It has been reloaded: check it and try again.';

/**
 * Puts a failed write's problem on the form: each field error (`errors[].field`, or a conflict's `field`, such as a
 * duplicate name) on the field `fieldOf` maps it to, through react-hook-form's `setError`; returns what belongs to
 * no field (shown above the form), or null.
 */
export function applyProblem<F extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<F>,
  fieldOf: (apiField: string) => FieldPath<F> | null,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 412) return CHANGED_MEANWHILE;
  const problem = error.problem;
  if (problem.status === 409 || error.status === 409) {
    // A conflict's message is its detail ("This pipeline already has a stage named Demo"); its title is "Conflict".
    const message = problem.detail ?? problem.title ?? 'Conflict';
    const field = problem.field ? fieldOf(problem.field) : null;
    if (field) {
      setError(field, { type: 'server', message });
      return null;
    }
    return message;
  }
  const mapped = toFormProblem(problem, fieldOf);
  for (const [field, message] of Object.entries(mapped.fields)) {
    if (message) setError(field as FieldPath<F>, { type: 'server', message });
  }
  return mapped.general;
}

/** A failed call's message for a place without form fields (a button's alert). */
export function problemMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 412) return CHANGED_MEANWHILE;
  return error.problem.detail ?? error.problem.title ?? `The request failed (${error.status}).`;
}
