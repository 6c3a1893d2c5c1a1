/**
 * RFC 9457 problem details as Atrium's services write them (application/problem+json): a type URN, a title, a
 * detail, and for validation failures `errors: [{field, message}]`; a duplicate names the record it collides with.
 */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  field?: string;
  existingId?: string;
  existing?: string;
}

export interface FormProblem {
  /** Messages per form field, for the fields the caller knows. */
  fields: Record<string, string>;
  /** What belongs to no known field (shown above the form). */
  general: string | null;
  /** A duplicate's existing record, to offer opening it instead. */
  existingId: string | null;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('title' in value || 'type' in value || 'status' in value);
}

/**
 * Puts each of a problem's field errors on the form field it concerns. `fieldOf` maps an API path such as
 * `emails[0].address` to a form field name (or null when the form has no such field).
 */
export function toFormProblem(problem: Problem, fieldOf: (apiField: string) => string | null): FormProblem {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const field = fieldOf(error.field);
    if (field && !fields[field]) {
      fields[field] = error.message;
    } else if (!field) {
      general.push(error.message);
    }
  }
  if (problem.type?.endsWith(':duplicate-contact-email') || problem.status === 409) {
    // The services title every 409 "Conflict" and say what conflicts in the detail.
    const message = problem.detail ?? problem.title ?? 'Already exists';
    const field = problem.field ? fieldOf(problem.field) : null;
    if (field) fields[field] = message;
    else general.push(message);
  }
  if (!problem.errors?.length && problem.status !== 409) {
    general.push(problem.detail ?? problem.title ?? 'The request failed');
  }
  return {
    fields,
    general: general.length ? general.join(' ') : null,
    existingId: problem.existingId ?? null,
  };
}

/** A failed API call: its HTTP status and the problem the service described. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Throws an ApiError for an openapi-fetch result that carries an error, else returns its data. */
export function dataOrThrow<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem: Problem = isProblem(result.error)
      ? result.error
      : { status: result.response.status, title: result.response.statusText || 'Request failed' };
    throw new ApiError(result.response.status, problem);
  }
  return result.data;
}
