import { contactApi, type ContactSchemas } from '../api/client';
import { dataOrThrow } from '../api/problems';

export type ImportJob = ContactSchemas['ImportJob'];
export type ImportField = ContactSchemas['ImportField'];
export type ImportMapping = ContactSchemas['ImportMapping'];

/** What the web app imports today (contact-service); companies, deals and activities come next (docs/api.md). */
export const KIND = 'contacts';

/** A pass (dry run or run) is waiting or under way: the job page polls while it is. */
export function isActive(job: ImportJob | undefined): boolean {
  return job?.status === 'queued' || job?.status === 'running';
}

/** The mapping may still change (a file just uploaded, or checked). */
export function isEditable(job: ImportJob | undefined): boolean {
  return job?.status === 'uploaded' || job?.status === 'checked';
}

const path = { params: { path: { kind: KIND } } } as const;
const jobPath = (id: string) => ({ params: { path: { kind: KIND, id } } }) as const;

/** The file's content type as the upload declares it (CSV, XLSX, else bytes the service sniffs). */
export function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}

/** Uploads the file as the request body (`POST /imports/contacts?fileName=…`); nothing is imported yet. */
export async function upload(file: File): Promise<ImportJob> {
  return dataOrThrow(
    await contactApi.POST('/api/v1/imports/{kind}', {
      params: { path: { kind: KIND }, query: { fileName: file.name } },
      // The file as it is: no JSON serialisation, its own content type.
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': contentTypeOf(file) },
    }),
  );
}

export async function list(signal?: AbortSignal): Promise<ImportJob[]> {
  return dataOrThrow(await contactApi.GET('/api/v1/imports/{kind}', { ...path, signal }));
}

export async function get(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return dataOrThrow(await contactApi.GET('/api/v1/imports/{kind}/{id}', { ...jobPath(id), signal }));
}

export async function saveMapping(id: string, mapping: ImportMapping): Promise<ImportJob> {
  return dataOrThrow(await contactApi.PUT('/api/v1/imports/{kind}/{id}/mapping', { ...jobPath(id), body: mapping }));
}

export async function dryRun(id: string): Promise<ImportJob> {
  return dataOrThrow(await contactApi.POST('/api/v1/imports/{kind}/{id}/dry-run', jobPath(id)));
}

export async function run(id: string): Promise<ImportJob> {
  return dataOrThrow(await contactApi.POST('/api/v1/imports/{kind}/{id}/run', jobPath(id)));
}

export async function cancel(id: string): Promise<ImportJob> {
  return dataOrThrow(await contactApi.POST('/api/v1/imports/{kind}/{id}/cancel', jobPath(id)));
}

/**
 * The rejected rows as the service writes them (a CSV of the file's columns plus `Import row` and `Import error`),
 * fetched with the bearer token like every call, so the browser can save it from a Blob.
 */
export async function rejectedRows(id: string): Promise<Blob> {
  return dataOrThrow(
    await contactApi.GET('/api/v1/imports/{kind}/{id}/rejected', {
      ...jobPath(id),
      headers: { Accept: 'text/csv' },
      parseAs: 'blob',
    }),
  ) as unknown as Blob;
}

/** `people.csv` → `people-rejected.csv`. */
export function rejectedFileName(fileName: string | undefined): string {
  const base = (fileName ?? 'import').replace(/\.(csv|xlsx)$/i, '');
  return `${base}-rejected.csv`;
}
