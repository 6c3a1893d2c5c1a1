import { useCallback, useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError, toFormProblem } from '../api/problems';

/** A record as the API gave it, with the ETag to send back as If-Match. */
export interface Versioned<T> {
  record: T;
  etag: string;
}

/**
 * The ETag of a GET or PATCH answer; the services' ETag is the version (`"4"`), so without a usable header (absent,
 * or made weak by a proxy, which If-Match would never match) it is rebuilt from the body's version.
 */
export { etagOf } from '../api/etag';

/** A JSON merge patch (RFC 7386) of a details schema: only the fields to change, null to clear one. */
export type MergePatch<T> = { [K in keyof T]?: T[K] | null };

/** One field as shown to people, to tell what someone else changed. */
export interface ShownField<T> {
  label: string;
  show: (record: T) => string;
}

export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

/** A save refused with 412: the record had changed on the server since it was read. */
export interface Conflict {
  /** The inline field whose save was refused. */
  field: string;
  /** The change the user made, to re-apply onto the current version. */
  patch: object;
  /** What the user wanted the field to read. */
  mine: string;
  /** What changed on the server between the version the user saw and the current one. */
  changes: FieldChange[];
}

export interface InlineEditor {
  /** Saves one field's patch with If-Match; resolves true when saved (the field closes), false on an error. */
  save: (field: string, patch: object, mine: string) => Promise<boolean>;
  saving: string | null;
  /** Problem details per field (validation, duplicates, other failures). */
  errors: Record<string, string>;
  clearError: (field: string) => void;
  conflict: Conflict | null;
  /** Sends the refused change again, against the record's current version. */
  reapply: () => Promise<boolean>;
  /** Keeps the server's version and drops the user's change. */
  dismiss: () => void;
}

export interface InlineEditorOptions<T> {
  queryKey: QueryKey;
  /** Reads the current record and its ETag. */
  load: () => Promise<Versioned<T>>;
  /** Sends a merge patch with If-Match; throws ApiError on failure. */
  patch: (body: object, etag: string) => Promise<Versioned<T>>;
  /** The fields people see, to list what changed on the server after a 412. */
  fields: ShownField<T>[];
  /** Maps an API error path (`emails[0].address`) to the inline field it belongs to. */
  fieldOf: (apiField: string) => string | null;
}

/** What differs between two versions of a record, in the words of its fields. */
export function changesBetween<T>(before: T, after: T, fields: ShownField<T>[]): FieldChange[] {
  return fields
    .map((f) => ({ label: f.label, before: f.show(before), after: f.show(after) }))
    .filter((c) => c.before !== c.after);
}

/**
 * Inline editing of a record with optimistic concurrency: each save is a merge patch with If-Match set to the ETag
 * the last read returned. A 412 means someone else saved in between: the current record is read, shown, and the
 * differences listed, and the user may re-apply their change onto it. Field errors land on their field.
 */
export function useInlineEditor<T>({ queryKey, load, patch, fields, fieldOf }: InlineEditorOptions<T>): InlineEditor {
  const queries = useQueryClient();
  const [saving, setSaving] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const send = useCallback(
    async (field: string, body: object, mine: string): Promise<boolean> => {
      const current = queries.getQueryData<Versioned<T>>(queryKey);
      if (!current) return false;
      setSaving(field);
      setErrors((e) => ({ ...e, [field]: '' }));
      try {
        const saved = await patch(body, current.etag);
        queries.setQueryData(queryKey, saved);
        setConflict(null);
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          try {
            const latest = await load();
            queries.setQueryData(queryKey, latest);
            setConflict({ field, patch: body, mine, changes: changesBetween(current.record, latest.record, fields) });
            return true;
          } catch (reading) {
            const why = reading instanceof Error ? reading.message : String(reading);
            setErrors((prev) => ({
              ...prev,
              [field]: `Someone saved this record first, and its latest version could not be loaded (${why}). Reload the page and try again.`,
            }));
            return false;
          }
        }
        let message = e instanceof Error ? e.message : String(e);
        if (e instanceof ApiError) {
          const problem = toFormProblem(e.problem, fieldOf);
          message = problem.fields[field] || Object.values(problem.fields)[0] || problem.general || message;
        }
        setErrors((prev) => ({ ...prev, [field]: message }));
        return false;
      } finally {
        setSaving(null);
      }
    },
    [queries, queryKey, load, patch, fields, fieldOf],
  );

  return {
    save: (field, body, mine) => {
      setConflict(null);
      return send(field, body, mine);
    },
    saving,
    errors,
    clearError: (field) => setErrors((e) => ({ ...e, [field]: '' })),
    conflict,
    reapply: async () => (conflict ? send(conflict.field, conflict.patch, conflict.mine) : false),
    dismiss: () => setConflict(null),
  };
}
