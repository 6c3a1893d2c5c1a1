import { reportingApi } from '../api/client';
import { dataOrThrow } from '../api/problems';

/** The report views the dashboards show (reporting-service's table-shaped views, each also offered as CSV). */
export type ReportPath =
  | '/api/v1/reports/pipeline'
  | '/api/v1/reports/forecast'
  | '/api/v1/reports/sales-performance'
  | '/api/v1/reports/activity'
  | '/api/v1/reports/support/backlog'
  | '/api/v1/reports/support/performance'
  | '/api/v1/reports/marketing/lifecycle'
  | '/api/v1/reports/marketing/lead-sources';

export type Row = Record<string, unknown>;

/** One point of a chart: its category label and a number per series key. */
export type Point = { label: string } & Record<string, number | string>;

export interface Series {
  key: string;
  name: string;
  /** Drawn against the right-hand axis (a second unit). */
  right?: boolean;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  stacked?: boolean;
  /** What the category axis shows (the first column of the text alternative). */
  category: string;
  data: Point[];
  series: Series[];
}

export interface ReportDefinition {
  id: string;
  title: string;
  description: string;
  path: ReportPath;
  /** Filters sent with both the JSON pages and the CSV. */
  query?: Record<string, string>;
  /** The event topics the view is built from: its "as of" is the oldest of their newest applied events. */
  topics: string[];
  chart: (rows: Row[]) => ChartSpec;
}

const num = (value: unknown) => {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
};
const text = (value: unknown, fallback = '(none)') =>
  value === null || value === undefined || value === '' ? fallback : String(value);

/**
 * Sums `value` per category (in first-seen order) and series: the shape every chart here draws. A row whose series
 * is null (e.g. a pipeline stage with no deals, so no currency) still makes its category appear, with zeros.
 */
export function pivot(
  rows: Row[],
  category: (row: Row) => string,
  series: (row: Row) => string | null,
  value: (row: Row) => number,
  seriesName: (key: string) => string = (key) => key,
): { data: Point[]; series: Series[] } {
  const points = new Map<string, Point>();
  const keys: string[] = [];
  for (const row of rows) {
    const label = category(row);
    const point = points.get(label) ?? { label };
    points.set(label, point);
    const key = series(row);
    if (key === null) continue;
    if (!keys.includes(key)) keys.push(key);
    point[key] = num(point[key]) + value(row);
  }
  const data = [...points.values()];
  for (const point of data) for (const key of keys) point[key] = num(point[key]);
  return { data, series: keys.map((key) => ({ key, name: seriesName(key) })) };
}

export const reports: ReportDefinition[] = [
  {
    id: 'pipeline',
    title: 'Pipeline by stage',
    description: 'Open deal amount per stage, one bar per currency.',
    path: '/api/v1/reports/pipeline',
    topics: ['crm.deal', 'crm.pipeline'],
    chart: (rows) => {
      const pipelines = new Set(rows.map((r) => r.pipeline));
      const p = pivot(
        rows,
        (r) => (pipelines.size > 1 ? `${text(r.pipeline)}: ${text(r.stage)}` : text(r.stage)),
        (r) => (r.currency ? String(r.currency) : null),
        (r) => num(r.total),
        (c) => `Open amount (${c})`,
      );
      return { kind: 'bar', category: 'Stage', ...p };
    },
  },
  {
    id: 'forecast',
    title: 'Forecast',
    description: 'Per expected close month: won and weighted open amount per currency.',
    path: '/api/v1/reports/forecast',
    topics: ['crm.deal'],
    chart: (rows) => {
      const won = pivot(rows, (r) => text(r.month), (r) => `won ${text(r.currency)}`, (r) => num(r.won));
      const open = pivot(rows, (r) => text(r.month), (r) => `weighted ${text(r.currency)}`, (r) => num(r.weightedOpen));
      const data = won.data.map((point, i) => ({ ...point, ...open.data[i] }));
      const series = won.series.flatMap((s) => [
        { key: s.key, name: `Won (${s.key.slice(4)})` },
        { key: `weighted ${s.key.slice(4)}`, name: `Weighted open (${s.key.slice(4)})` },
      ]);
      return { kind: 'bar', category: 'Month', data, series };
    },
  },
  {
    id: 'win-rate',
    title: 'Win rate and sales cycle',
    description: 'Per month of closing: share of closed deals won, and average days from creation to won.',
    path: '/api/v1/reports/sales-performance',
    query: { period: 'month' },
    topics: ['crm.deal'],
    chart: (rows) => {
      const byPeriod = new Map<string, { won: number; lost: number; cycleDays: number }>();
      for (const r of rows) {
        const label = text(r.period);
        const acc = byPeriod.get(label) ?? { won: 0, lost: 0, cycleDays: 0 };
        acc.won += num(r.won);
        acc.lost += num(r.lost);
        acc.cycleDays += num(r.averageSalesCycleDays) * num(r.won);
        byPeriod.set(label, acc);
      }
      const data = [...byPeriod].map(([label, a]) => ({
        label,
        winRate: a.won + a.lost ? Math.round((1000 * a.won) / (a.won + a.lost)) / 10 : 0,
        cycle: a.won ? Math.round((10 * a.cycleDays) / a.won) / 10 : 0,
      }));
      return {
        kind: 'line',
        category: 'Month',
        data,
        series: [
          { key: 'winRate', name: 'Win rate (%)' },
          { key: 'cycle', name: 'Average sales cycle (days)', right: true },
        ],
      };
    },
  },
  {
    id: 'activity',
    title: 'Activity',
    description: 'Calls, emails, meetings and notes logged per week.',
    path: '/api/v1/reports/activity',
    query: { period: 'week' },
    topics: ['crm.activity'],
    chart: (rows) => ({
      kind: 'bar',
      stacked: true,
      category: 'Week',
      ...pivot(rows, (r) => text(r.period), (r) => text(r.type), (r) => num(r.activities)),
    }),
  },
  {
    id: 'support-backlog',
    title: 'Support backlog',
    description: 'Unresolved tickets per status, by priority.',
    path: '/api/v1/reports/support/backlog',
    topics: ['crm.ticket'],
    chart: (rows) => ({
      kind: 'bar',
      stacked: true,
      category: 'Status',
      ...pivot(rows, (r) => text(r.status), (r) => text(r.priority), (r) => num(r.tickets)),
    }),
  },
  {
    id: 'support-sla',
    title: 'Support SLA',
    description: 'Tickets per assignee and how many breached their SLA.',
    path: '/api/v1/reports/support/performance',
    topics: ['crm.ticket'],
    chart: (rows) => ({
      kind: 'bar',
      category: 'Assignee',
      data: rows.map((r) => ({ label: text(r.assignee), tickets: num(r.tickets), breached: num(r.breached) })),
      series: [
        { key: 'tickets', name: 'Tickets' },
        { key: 'breached', name: 'SLA breached' },
      ],
    }),
  },
  {
    id: 'marketing-lifecycle',
    title: 'Marketing lifecycle',
    description: 'Live contacts per lifecycle stage, by lead source.',
    path: '/api/v1/reports/marketing/lifecycle',
    topics: ['crm.contact'],
    chart: (rows) => ({
      kind: 'bar',
      stacked: true,
      category: 'Lifecycle stage',
      ...pivot(rows, (r) => text(r.lifecycleStage), (r) => text(r.leadSource), (r) => num(r.contacts)),
    }),
  },
  {
    id: 'lead-sources',
    title: 'Lead sources',
    description: 'Won revenue per lead source, one bar per currency.',
    path: '/api/v1/reports/marketing/lead-sources',
    topics: ['crm.deal', 'crm.contact'],
    chart: (rows) => ({
      kind: 'bar',
      category: 'Lead source',
      ...pivot(
        rows,
        (r) => text(r.leadSource, '(unknown)'),
        (r) => text(r.currency),
        (r) => num(r.wonAmount),
        (c) => `Won (${c})`,
      ),
    }),
  },
];

/** At most this many JSON pages (of 200 rows) are drawn; the CSV always has every row. */
const MAX_PAGES = 10;

/** Every row of a report view (following `next`), for its chart. */
export async function loadRows(report: ReportDefinition, signal?: AbortSignal): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = { ...report.query, limit: 200, ...(after ? { after } : {}) };
    // One of the report paths; they share their query parameters and the Table answer.
    const table = dataOrThrow(
      await reportingApi.GET(report.path as '/api/v1/reports/pipeline', { params: { query }, signal }),
    );
    rows.push(...((table.items ?? []) as Row[]));
    after = table.next;
    if (!after) break;
  }
  return rows;
}

/** The whole view as the API's CSV (format=csv), fetched with the bearer token. */
export async function loadCsv(report: ReportDefinition): Promise<Blob> {
  const query = { ...report.query, format: 'csv' };
  return dataOrThrow(
    await reportingApi.GET(report.path as '/api/v1/reports/pipeline', {
      params: { query },
      headers: { Accept: 'text/csv' },
      parseAs: 'blob',
    }),
  ) as unknown as Blob;
}

/** Saves a blob as a file: an object URL on a temporary link with `download`. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "As of": the oldest of the newest events applied from the view's topics (null when none arrived yet). */
export function asOf(
  topics: { topic?: string; newestEventTime?: string }[] | undefined,
  wanted: string[],
): Date | null {
  const times = (topics ?? [])
    .filter((t) => t.topic && wanted.includes(t.topic) && t.newestEventTime)
    .map((t) => new Date(t.newestEventTime!).getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
