import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, toFormProblem } from '../../api/problems';

/**
 * Puts a failed save's problem on the form: each `errors[].field` the form knows on its field (react-hook-form's
 * setError), and returns what belongs to no field (or null). A 412 says someone saved first.
 */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fieldOf: (apiField: string) => Path<T> | null,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 412) return 'Someone else changed this meanwhile. The page now shows their version; try again.';
  const p = error.problem;
  if (error.status === 409) {
    // A conflict that names its field (a duplicate team name): its detail says what clashes.
    const field = p.field ? fieldOf(p.field) : null;
    if (field) {
      setError(field, { type: 'server', message: p.detail ?? p.title ?? 'Already exists' });
      return null;
    }
    return p.detail ?? p.title ?? 'Conflict';
  }
  const problem = toFormProblem(p, fieldOf);
  for (const [field, message] of Object.entries(problem.fields)) {
    if (message) setError(field as Path<T>, { type: 'server', message });
  }
  return problem.general;
}

/** A failure's message for an alert. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 412) return 'Someone else changed this meanwhile. The page now shows their version; try again.';
    const p = error.problem;
    const fields = p.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return fields || p.detail || p.title || `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
