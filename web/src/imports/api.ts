import { contactApi, type ContactSchemas } from '../api/client';
import { dataOrThrow } from '../api/problems';
import type { ImportKind } from './kinds';

export type ImportJob = ContactSchemas['ImportJob'];
export type ImportField = ContactSchemas['ImportField'];
export type ImportMapping = ContactSchemas['ImportMapping'];

export type { ImportKind } from './kinds';

/*
 * Every kind has the same API (platform/imports: the same paths and schemas in each service), and the gateway sends
 * `/api/v1/imports/<kind>` to the service that owns the kind: contacts and companies to contact-service, deals to
 * deal-service, activities to activity-service. The calls go through the client typed from contact-service's
 * document, whose `{kind}` is any string; the URL is the gateway's either way.
 */
const api = contactApi;

/** A pass (dry run or run) is waiting or under way: the job page polls while it is. */
export function isActive(job: ImportJob | undefined): boolean {
  return job?.status === 'queued' || job?.status === 'running';
}

/** The mapping may still change (a file just uploaded, or checked). */
export function isEditable(job: ImportJob | undefined): boolean {
  return job?.status === 'uploaded' || job?.status === 'checked';
}

const path = (kind: ImportKind) => ({ params: { path: { kind } } }) as const;
const jobPath = (kind: ImportKind, id: string) => ({ params: { path: { kind, id } } }) as const;

/** The file's content type as the upload declares it (CSV, XLSX, else bytes the service sniffs). */
export function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}

/** Uploads the file as the request body (`POST /imports/<kind>?fileName=…`); nothing is imported yet. */
export async function upload(kind: ImportKind, file: File): Promise<ImportJob> {
  return dataOrThrow(
    await api.POST('/api/v1/imports/{kind}', {
      params: { path: { kind }, query: { fileName: file.name } },
      // The file as it is: no JSON serialisation, its own content type.
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': contentTypeOf(file) },
    }),
  );
}

export async function list(kind: ImportKind, signal?: AbortSignal): Promise<ImportJob[]> {
  return dataOrThrow(await api.GET('/api/v1/imports/{kind}', { ...path(kind), signal }));
}

export async function get(kind: ImportKind, id: string, signal?: AbortSignal): Promise<ImportJob> {
  return dataOrThrow(await api.GET('/api/v1/imports/{kind}/{id}', { ...jobPath(kind, id), signal }));
}

export async function saveMapping(kind: ImportKind, id: string, mapping: ImportMapping): Promise<ImportJob> {
  return dataOrThrow(await api.PUT('/api/v1/imports/{kind}/{id}/mapping', { ...jobPath(kind, id), body: mapping }));
}

export async function dryRun(kind: ImportKind, id: string): Promise<ImportJob> {
  return dataOrThrow(await api.POST('/api/v1/imports/{kind}/{id}/dry-run', jobPath(kind, id)));
}

export async function run(kind: ImportKind, id: string): Promise<ImportJob> {
  return dataOrThrow(await api.POST('/api/v1/imports/{kind}/{id}/run', jobPath(kind, id)));
}

export async function cancel(kind: ImportKind, id: string): Promise<ImportJob> {
  return dataOrThrow(await api.POST('/api/v1/imports/{kind}/{id}/cancel', jobPath(kind, id)));
}

/**
 * The rejected rows as the service writes them (a CSV of the file's columns plus `Import row` and `Import error`),
 * fetched with the bearer token like every call, so the browser can save it from a Blob.
 */
export async function rejectedRows(kind: ImportKind, id: string): Promise<Blob> {
  return dataOrThrow(
    await api.GET('/api/v1/imports/{kind}/{id}/rejected', {
      ...jobPath(kind, id),
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
