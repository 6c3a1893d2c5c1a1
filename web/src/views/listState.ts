import { addDays, format, isValid, parseISO, startOfDay, subDays } from 'date-fns';
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

/** The start of a yyyy-MM-dd day in the browser's time zone, as an instant. */
function dayStart(date: string): Date | null {
  const day = parseISO(date);
  return isValid(day) ? startOfDay(day) : null;
}

/** The filters a saved view keeps for this state (the API's own query parameters). */
export function filtersOf(state: ListState, config: ListConfig): ViewFilters {
  const filters: ViewFilters = {};
  if (state.q.trim()) filters.q = state.q.trim();
  if (config.contactFilters && state.stage) filters.lifecycleStage = state.stage as ViewFilters['lifecycleStage'];
  if (state.tag.trim()) filters.tag = state.tag.trim();
  if (config.contactFilters && state.company) filters.companyId = state.company;
  const from = state.from ? dayStart(state.from) : null;
  if (from) filters.createdFrom = from.toISOString();
  const to = state.to ? dayStart(state.to) : null;
  if (to) filters.createdTo = addDays(to, 1).toISOString();
  if (state.sort !== config.defaultSort) filters.sort = state.sort;
  return filters;
}

/** The state a saved view opens: its filters and columns, with its id. */
export function stateOfView(view: SavedView, config: ListConfig): ListState {
  const f = view.filters ?? {};
  const day = (iso: string | undefined, shift: number) => {
    if (!iso) return '';
    const at = parseISO(iso);
    return isValid(at) ? format(shift ? subDays(at, shift) : at, 'yyyy-MM-dd') : '';
  };
  return {
    view: view.id ?? null,
    q: f.q ?? '',
    stage: config.contactFilters ? (f.lifecycleStage ?? '') : '',
    tag: f.tag ?? '',
    company: config.contactFilters ? (f.companyId ?? '') : '',
    from: day(f.createdFrom, 0),
    to: day(f.createdTo, 1),
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
  const f = filtersOf(state, config);
  const { sort, ...rest } = f;
  // The contacts API orders a search by relevance and refuses a sort with q.
  const withSort = config.recordType === 'contacts' && f.q ? undefined : (sort ?? config.defaultSort);
  return { ...rest, sort: withSort };
}
