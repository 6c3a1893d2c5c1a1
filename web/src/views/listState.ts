import { addDays, isValid, parseISO, startOfDay } from 'date-fns';
import type { ContactSchemas } from '../api/client';

export type SavedView = ContactSchemas['SavedView'];
export type ViewFilters = ContactSchemas['ViewFilters'];
export type RecordType = 'contacts' | 'companies';

/** What a list offers: its columns (in their default order), sorts and which filters apply. */
export interface ListConfig {
  recordType: RecordType;
  /** Every column the list can show, in the default order; `fixed` ones cannot be hidden (the record's link). */
  columns: { id: string; label: string; fixed?: boolean }[];
  /** The columns shown when nothing is chosen. */
  defaultColumns: string[];
  sorts: { value: string; label: string }[];
  defaultSort: string;
  /** Contacts only: lifecycle stage and company. */
  contactFilters: boolean;
}

/**
 * A list's state, all of it in the URL so a link reproduces it: the saved view it started from, the filters (dates as
 * yyyy-MM-dd, both ends inclusive), the sort and the visible columns in order.
 */
export interface ListState {
  view: string | null;
  q: string;
  stage: string;
  tag: string;
  company: string;
  from: string;
  to: string;
  sort: string;
  columns: string[];
}

const PARAMS = ['q', 'stage', 'tag', 'company', 'from', 'to'] as const;

export function emptyState(config: ListConfig): ListState {
  return {
    view: null,
    q: '',
    stage: '',
    tag: '',
    company: '',
    from: '',
    to: '',
    sort: config.defaultSort,
    columns: [...config.defaultColumns],
  };
}

/** Reads the state from the URL; unknown columns are dropped, fixed ones always shown. */
export function stateFromParams(params: URLSearchParams, config: ListConfig): ListState {
  const state = emptyState(config);
  state.view = params.get('view') || null;
  for (const key of PARAMS) state[key] = params.get(key) ?? '';
  if (!config.contactFilters) {
    state.stage = '';
    state.company = '';
  }
  const sort = params.get('sort');
  if (sort && config.sorts.some((s) => s.value === sort)) state.sort = sort;
  const cols = params.get('cols');
  if (cols !== null) state.columns = normaliseColumns(cols.split(','), config);
  return state;
}

/** The URL of a state: only what differs from the list's defaults. */
export function paramsFromState(state: ListState, config: ListConfig): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.view) out.view = state.view;
  for (const key of PARAMS) if (state[key]) out[key] = state[key];
  if (state.sort !== config.defaultSort) out.sort = state.sort;
  if (!sameColumns(state.columns, config.defaultColumns)) out.cols = state.columns.join(',');
  return out;
}

export function normaliseColumns(ids: string[], config: ListConfig): string[] {
  const known = new Set(config.columns.map((c) => c.id));
  const seen = new Set<string>();
  const out = ids.filter((id) => known.has(id) && !seen.has(id) && seen.add(id));
  for (const c of config.columns) if (c.fixed && !seen.has(c.id)) out.unshift(c.id);
  return out;
}

export function sameColumns(a: string[], b: string[]) {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const DAY_MS = 86_400_000;

/** The start of a yyyy-MM-dd day in the browser's time zone, as an instant (the list API's filters). */
function dayStart(date: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const day = parseISO(date);
  return isValid(day) ? startOfDay(day) : null;
}

/**
 * A calendar day as a saved view keeps it: that day's midnight in UTC (`2026-03-01T00:00:00Z`), `shift` days on. The
 * view's date filters are instants in the API, but the person chose a day: written this way it is the same day for
 * whoever opens the view, in whatever time zone; the list query turns it into their own midnight (see listQuery).
 */
function dayAsInstant(date: string, shift: number): string | undefined {
  if (!dayStart(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${new Date(Date.UTC(y, m - 1, d + shift)).toISOString().slice(0, 10)}T00:00:00Z`;
}

/**
 * The calendar day a saved view's instant stands for, `shift` days back (an exclusive "to" is the next day's start).
 * A view saved now holds the day's UTC midnight. Views saved before held the creator's local midnight: read in the
 * same zone that is this browser's midnight; read elsewhere, the nearest UTC midnight is the creator's day for every
 * zone within 12 hours of UTC.
 */
function dayOfInstant(iso: string | undefined, shift: number): string {
  if (!iso) return '';
  const at = parseISO(iso);
  if (!isValid(at)) return '';
  const ms = at.getTime();
  let midnight: number; // the day, as its UTC midnight
  if (ms % DAY_MS === 0) midnight = ms;
  else if (startOfDay(at).getTime() === ms) midnight = Date.UTC(at.getFullYear(), at.getMonth(), at.getDate());
  else midnight = Math.round(ms / DAY_MS) * DAY_MS;
  return new Date(midnight - shift * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The filters a saved view keeps for this state (the API's own query parameters; the dates as the days chosen, see
 * dayAsInstant: "to" includes its whole day, so createdTo is the next day, the API's createdTo being exclusive).
 */
export function filtersOf(state: ListState, config: ListConfig): ViewFilters {
  const filters: ViewFilters = {};
  if (state.q.trim()) filters.q = state.q.trim();
  if (config.contactFilters && state.stage) filters.lifecycleStage = state.stage as ViewFilters['lifecycleStage'];
  if (state.tag.trim()) filters.tag = state.tag.trim();
  if (config.contactFilters && state.company) filters.companyId = state.company;
  const from = dayAsInstant(state.from, 0);
  if (from) filters.createdFrom = from;
  const to = dayAsInstant(state.to, 1);
  if (to) filters.createdTo = to;
  if (state.sort !== config.defaultSort) filters.sort = state.sort;
  return filters;
}

/** The state a saved view opens: its filters and columns, with its id. */
export function stateOfView(view: SavedView, config: ListConfig): ListState {
  const f = view.filters ?? {};
  return {
    view: view.id ?? null,
    q: f.q ?? '',
    stage: config.contactFilters ? (f.lifecycleStage ?? '') : '',
    tag: f.tag ?? '',
    company: config.contactFilters ? (f.companyId ?? '') : '',
    from: dayOfInstant(f.createdFrom, 0),
    to: dayOfInstant(f.createdTo, 1),
    sort: f.sort && config.sorts.some((s) => s.value === f.sort) ? f.sort : config.defaultSort,
    columns: view.columns?.length ? normaliseColumns(view.columns, config) : [...config.defaultColumns],
  };
}

/** Whether the list shows something other than what the view saved (so "Update view" has something to save). */
export function differsFromView(state: ListState, view: SavedView, config: ListConfig): boolean {
  const saved = stateOfView(view, config);
  return (
    PARAMS.some((k) => state[k].trim() !== saved[k].trim()) ||
    state.sort !== saved.sort ||
    !sameColumns(state.columns, saved.columns)
  );
}

/** The list API's query for this state (without paging). */
export function listQuery(state: ListState, config: ListConfig) {
  const { sort, createdFrom: _from, createdTo: _to, ...rest } = filtersOf(state, config);
  // The days chosen, in this browser's time zone: from the start of "from" to the start of the day after "to".
  const from = dayStart(state.from);
  const to = dayStart(state.to);
  // The contacts API orders a search by relevance and refuses a sort with q.
  const withSort = config.recordType === 'contacts' && rest.q ? undefined : (sort ?? config.defaultSort);
  return {
    ...rest,
    createdFrom: from?.toISOString(),
    createdTo: to ? addDays(to, 1).toISOString() : undefined,
    sort: withSort,
  };
}
