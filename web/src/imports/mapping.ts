import type { Problem } from '../api/problems';
import type { ImportField, ImportJob, ImportMapping } from './api';

/** The prefix field that takes any custom field (`customFields.<name>`). */
export const CUSTOM_PREFIX = 'customFields.';
/** The select's value for "Custom field…" (the name is typed beside it). */
export const CUSTOM = CUSTOM_PREFIX;

/** One row of the mapping table as edited: the field chosen ('' = don't import) and a custom field's name. */
export interface ColumnChoice {
  field: string;
  customName: string;
}

export interface MappingDraft {
  columns: Record<string, ColumnChoice>;
  key: string;
}

/** The fields a column can map to, in the service's order; prefix fields other than custom fields are left out. */
export function selectableFields(fields: ImportField[] | undefined): ImportField[] {
  return (fields ?? []).filter((f) => f.name && (!f.name.endsWith('.') || f.name === CUSTOM_PREFIX));
}

export function keyFields(fields: ImportField[] | undefined): ImportField[] {
  return (fields ?? []).filter((f) => f.key && f.name && !f.name.endsWith('.'));
}

/** The draft a job opens with: its saved mapping, else the service's suggestion, else nothing mapped. */
export function draftOf(job: ImportJob): MappingDraft {
  const mapping = job.mapping ?? job.suggestedMapping ?? {};
  const columns: Record<string, ColumnChoice> = {};
  for (const column of job.columns ?? []) {
    const field = mapping.columns?.[column] ?? '';
    columns[column] = field.startsWith(CUSTOM_PREFIX)
      ? { field: CUSTOM, customName: field.slice(CUSTOM_PREFIX.length) }
      : { field, customName: '' };
  }
  const keys = keyFields(job.fields);
  return { columns, key: mapping.key ?? keys[0]?.name ?? '' };
}

/** The mapping to send: the columns to import (a custom field with its name) and the key. */
export function mappingOf(draft: MappingDraft): ImportMapping {
  const columns: Record<string, string> = {};
  for (const [column, choice] of Object.entries(draft.columns)) {
    if (!choice.field) continue;
    columns[column] = choice.field === CUSTOM ? CUSTOM_PREFIX + choice.customName.trim() : choice.field;
  }
  return { columns, key: draft.key };
}

/** Whether the draft is what the job has saved (so Import needs no new PUT, and a check still holds). */
export function sameMapping(a: ImportMapping | undefined, b: ImportMapping): boolean {
  if (!a) return false;
  const ac = a.columns ?? {};
  const bc = b.columns ?? {};
  const keys = Object.keys(ac);
  return a.key === b.key && keys.length === Object.keys(bc).length && keys.every((k) => ac[k] === bc[k]);
}

/** Problems found before sending: a custom field without a name. Keyed by column. */
export function localProblems(draft: MappingDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, choice] of Object.entries(draft.columns)) {
    if (choice.field === CUSTOM && !choice.customName.trim()) out[column] = 'Name the custom field.';
  }
  return out;
}

export interface MappingProblems {
  /** Per column of the file. */
  columns: Record<string, string>;
  key: string | null;
  /** What names neither (shown above the table). */
  general: string | null;
}

/** Puts a refused mapping's field problems (`columns.<Column>`, `key`) on the rows they concern. */
export function mappingProblems(problem: Problem, columns: string[]): MappingProblems {
  const out: MappingProblems = { columns: {}, key: null, general: null };
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const column = error.field.startsWith('columns.') ? error.field.slice('columns.'.length) : null;
    if (column !== null && columns.includes(column)) {
      out.columns[column] = out.columns[column] ? `${out.columns[column]} ${error.message}` : error.message;
    } else if (error.field === 'key') {
      out.key = error.message;
    } else {
      general.push(`${error.field}: ${error.message}`);
    }
  }
  if (!problem.errors?.length) general.push(problem.detail ?? problem.title ?? 'The mapping was refused.');
  out.general = general.length ? general.join(' ') : null;
  return out;
}

/** Up to `n` sample values of a column (blank cells skipped). */
export function samplesOf(job: ImportJob, column: string, n = 3): string[] {
  const at = (job.columns ?? []).indexOf(column);
  if (at < 0) return [];
  return (job.sample ?? [])
    .map((row) => row[at] ?? '')
    .filter((v) => v.trim() !== '')
    .slice(0, n);
}

const numbers = new Intl.NumberFormat();
export const formatCount = (n: number | undefined | null) => numbers.format(n ?? 0);

/** "about 2 min left" and so on, from the service's estimate. */
export function formatEta(seconds: number | undefined | null): string | null {
  if (seconds === undefined || seconds === null || seconds < 0) return null;
  if (seconds < 5) return 'a few seconds left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  return `about ${h} h ${Math.round((seconds - h * 3600) / 60)} min left`;
}

export function formatSize(bytes: number | undefined | null): string {
  const b = bytes ?? 0;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

/** The job's status as a person reads it. */
export function statusLabel(job: ImportJob): string {
  const checking = job.mode === 'dry-run';
  switch (job.status) {
    case 'uploaded':
      return job.mapping ? 'Mapped' : 'Uploaded';
    case 'queued':
      return checking ? 'Check queued' : 'Queued';
    case 'running':
      return checking ? 'Checking' : 'Importing';
    case 'checked':
      return 'Checked';
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Failed';
    default:
      return job.status ?? '';
  }
}
