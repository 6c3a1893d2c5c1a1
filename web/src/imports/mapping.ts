import type { Problem } from '../api/problems';
import type { ImportField, ImportJob, ImportMapping } from './api';

/** The prefix field that takes any custom field (`customFields.<name>`). */
export const CUSTOM_PREFIX = 'customFields.';
/** The select's value for "Custom field…" (the name is typed beside it). */
export const CUSTOM = CUSTOM_PREFIX;
/** The prefix field of a record's id in another system (`externalIds.<source>`), a key of every kind. */
export const EXTERNAL_PREFIX = 'externalIds.';

/** A prefix field (`customFields.`, `externalIds.`): the column's field is the prefix plus a name typed beside it. */
export function isPrefix(name: string | undefined): boolean {
  return !!name && name.endsWith('.');
}

/** One row of the mapping table as edited: the field chosen ('' = don't import) and a prefix field's name. */
export interface ColumnChoice {
  field: string;
  customName: string;
}

export interface MappingDraft {
  columns: Record<string, ColumnChoice>;
  /** The key as chosen; '' = the first key the mapping offers (see keyOf). */
  key: string;
}

/** The fields a column can map to, in the service's order (prefix fields take a name beside the select). */
export function selectableFields(fields: ImportField[] | undefined): ImportField[] {
  return (fields ?? []).filter((f) => f.name);
}

/** The key fields that need no name (`email`, `domain`); prefix keys become keys once a column names them. */
export function keyFields(fields: ImportField[] | undefined): ImportField[] {
  return (fields ?? []).filter((f) => f.key && f.name && !isPrefix(f.name));
}

/** How the select offers a field: "Custom field…", "Id in another system…", or the service's label. */
export function optionLabel(field: ImportField): string {
  if (field.name === CUSTOM_PREFIX) return 'Custom field…';
  const label = field.label ?? field.name ?? '';
  return isPrefix(field.name) ? `${label.replace(/\s*\(.*\)\s*$/, '')}…` : label;
}

/** The name input beside a prefix field: its label (per column), placeholder, and the message when it is empty. */
export function prefixInput(prefix: string): { label: string; placeholder: string; missing: string } {
  if (prefix === CUSTOM_PREFIX) {
    return { label: 'Custom field name', placeholder: 'Custom field name', missing: 'Name the custom field.' };
  }
  if (prefix === EXTERNAL_PREFIX) {
    return { label: 'Source system', placeholder: 'Source, e.g. hubspot', missing: 'Name the source system.' };
  }
  return { label: `Name after ${prefix}`, placeholder: 'Name', missing: 'Name the field.' };
}

export interface KeyOption {
  value: string;
  label: string;
}

/**
 * What "Find existing … by" offers: the key fields that need no name, then one per column mapped to a prefix key
 * field with a name (`externalIds.hubspot`: "Id in hubspot"), and the draft's key itself when nothing else offers it
 * (a suggestion keyed by a column not mapped yet).
 */
export function keyOptions(fields: ImportField[] | undefined, draft: MappingDraft): KeyOption[] {
  const out: KeyOption[] = keyFields(fields).map((f) => ({ value: f.name!, label: f.label ?? f.name! }));
  const prefixes = (fields ?? []).filter((f) => f.key && isPrefix(f.name));
  for (const choice of Object.values(draft.columns)) {
    const prefix = prefixes.find((f) => f.name === choice.field);
    const name = choice.customName.trim();
    if (!prefix || !name) continue;
    const value = prefix.name! + name;
    if (out.some((o) => o.value === value)) continue;
    out.push({ value, label: prefix.name === EXTERNAL_PREFIX ? `Id in ${name}` : value });
  }
  if (draft.key && !out.some((o) => o.value === draft.key)) out.push({ value: draft.key, label: draft.key });
  return out;
}

/** The key the mapping sends: the one chosen, else the first offered ('' when there is none: the service says so). */
export function keyOf(fields: ImportField[] | undefined, draft: MappingDraft): string {
  return draft.key || keyOptions(fields, draft)[0]?.value || '';
}

/** The draft a job opens with: its saved mapping, else the service's suggestion, else nothing mapped. */
export function draftOf(job: ImportJob): MappingDraft {
  const mapping = job.mapping ?? job.suggestedMapping ?? {};
  const prefixes = (job.fields ?? []).map((f) => f.name ?? '').filter(isPrefix);
  if (!prefixes.includes(CUSTOM_PREFIX)) prefixes.push(CUSTOM_PREFIX);
  const columns: Record<string, ColumnChoice> = {};
  for (const column of job.columns ?? []) {
    const field = mapping.columns?.[column] ?? '';
    const prefix = prefixes.find((p) => field.startsWith(p) && field.length > p.length);
    columns[column] = prefix ? { field: prefix, customName: field.slice(prefix.length) } : { field, customName: '' };
  }
  return { columns, key: mapping.key ?? '' };
}

/** The mapping to send: the columns to import (a prefix field with its name) and the key. */
export function mappingOf(draft: MappingDraft, fields?: ImportField[]): ImportMapping {
  const columns: Record<string, string> = {};
  for (const [column, choice] of Object.entries(draft.columns)) {
    if (!choice.field) continue;
    columns[column] = isPrefix(choice.field) ? choice.field + choice.customName.trim() : choice.field;
  }
  return { columns, key: keyOf(fields, draft) };
}

/** Whether the draft is what the job has saved (so Import needs no new PUT, and a check still holds). */
export function sameMapping(a: ImportMapping | undefined, b: ImportMapping): boolean {
  if (!a) return false;
  const ac = a.columns ?? {};
  const bc = b.columns ?? {};
  const keys = Object.keys(ac);
  return a.key === b.key && keys.length === Object.keys(bc).length && keys.every((k) => ac[k] === bc[k]);
}

/** Problems found before sending: a prefix field (custom field, source system) without a name. Keyed by column. */
export function localProblems(draft: MappingDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, choice] of Object.entries(draft.columns)) {
    if (isPrefix(choice.field) && !choice.customName.trim()) out[column] = prefixInput(choice.field).missing;
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
