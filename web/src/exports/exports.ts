import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';

export type ExportKind = 'contacts' | 'companies';
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
  const result = await contactApi.GET('/api/v1/exports/{kind}', {
    params: { path: { kind }, query: exportQuery(filters, columns, format) as never },
    headers: {
      Accept: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    },
    parseAs: 'blob',
  });
  const blob = dataOrThrow(result) as unknown as Blob;
  return { blob, fileName: fileNameOf(result.response.headers.get('Content-Disposition'), kind, format) };
}
