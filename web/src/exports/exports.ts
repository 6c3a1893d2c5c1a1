import { activityApi, contactApi, dealApi } from '../api/client';
import { dataOrThrow } from '../api/problems';

/** What exports (docs/api.md "Exports"): each kind from the service that owns it, through the gateway. */
export type ExportKind = 'contacts' | 'companies' | 'deals' | 'activities' | 'tickets';
export type ExportFormat = 'csv' | 'xlsx';

/** The list's query as the export takes it: the same parameter names, no paging. */
export type ExportFilters = Record<string, string | undefined>;

/** The export's query: the list's filters (blank ones dropped), its visible columns in order, and the format. */
export function exportQuery(filters: ExportFilters, columns: string[], format: ExportFormat): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') query[k] = v;
  if (columns.length) query.columns = columns.join(',');
  query.format = format;
  return query;
}

/** The file name the service gives (Content-Disposition), else `<kind>-<date>.<format>`. */
export function fileNameOf(disposition: string | null, kind: ExportKind, format: ExportFormat, now = new Date()): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  const plain = disposition?.match(/filename="?([^";]+)"?/i)?.[1];
  if (plain) return plain;
  return `${kind}-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * Downloads `GET /api/v1/exports/<kind>` (streamed by the service; the bearer token goes with it, so it is fetched
 * and saved from a Blob rather than opened as a link).
 */
export async function downloadExport(
  kind: ExportKind,
  filters: ExportFilters,
  columns: string[],
  format: ExportFormat,
): Promise<{ blob: Blob; fileName: string }> {
  const query = exportQuery(filters, columns, format) as never;
  const init = {
    headers: {
      Accept: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    },
    parseAs: 'blob',
  } as const;
  // The same operation (`exportRecords`) in three services' documents, each typed with its own kinds.
  const result =
    kind === 'contacts' || kind === 'companies'
      ? await contactApi.GET('/api/v1/exports/{kind}', { params: { path: { kind }, query }, ...init })
      : kind === 'deals'
        ? await dealApi.GET('/api/v1/exports/{kind}', { params: { path: { kind }, query }, ...init })
        : await activityApi.GET('/api/v1/exports/{kind}', { params: { path: { kind }, query }, ...init });
  const blob = dataOrThrow(result) as unknown as Blob;
  return { blob, fileName: fileNameOf(result.response.headers.get('Content-Disposition'), kind, format) };
}
