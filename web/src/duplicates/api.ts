import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { etagOf } from '../api/etag';
import type { DuplicateKind, DuplicatePage, DuplicatePair, DuplicateReason, MergeRequest, RecordOf } from './contract';

export const DUPLICATES_PAGE = 25;

/** Query keys: everything under ['duplicates', kind] is refreshed after a dismissal or a merge. */
export const duplicatesKey = (kind: DuplicateKind) => ['duplicates', kind] as const;
export const recordDuplicatesKey = (kind: DuplicateKind, id: string) => ['duplicates', kind, 'of', id] as const;

/** A page as the service sends it (the document leaves every field optional): pairs of exactly two records. */
interface WirePage {
  items?: { score?: number; reasons?: Partial<DuplicateReason>[]; records?: unknown[] }[];
  next?: string | null;
}

function pageOf<R>(wire: WirePage): DuplicatePage<R> {
  const items: DuplicatePair<R>[] = (wire.items ?? [])
    .filter((pair) => pair.records?.length === 2)
    .map((pair) => ({
      score: pair.score ?? 0,
      reasons: (pair.reasons ?? []).map((r) => ({ code: r.code ?? '', detail: r.detail ?? '' })),
      records: pair.records as [R, R],
    }));
  return { items, next: wire.next ?? null };
}

/** One page of likely duplicate pairs, most alike first (`GET /<kind>/duplicates`). */
export async function listDuplicates<K extends DuplicateKind>(
  kind: K,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<DuplicatePage<RecordOf<K>>> {
  const params = { query: { limit: DUPLICATES_PAGE, cursor } };
  const page =
    kind === 'contacts'
      ? dataOrThrow(await contactApi.GET('/api/v1/contacts/duplicates', { params, signal }))
      : dataOrThrow(await contactApi.GET('/api/v1/companies/duplicates', { params, signal }));
  return pageOf<RecordOf<K>>(page);
}

/** The pairs one record belongs to (`GET /<kind>/{id}/duplicates`), for the record page's notice. */
export async function duplicatesOf<K extends DuplicateKind>(
  kind: K,
  id: string,
  signal?: AbortSignal,
): Promise<DuplicatePage<RecordOf<K>>> {
  const params = { path: { id } };
  const page =
    kind === 'contacts'
      ? dataOrThrow(await contactApi.GET('/api/v1/contacts/{id}/duplicates', { params, signal }))
      : dataOrThrow(await contactApi.GET('/api/v1/companies/{id}/duplicates', { params, signal }));
  return pageOf<RecordOf<K>>(page);
}

/** "Not duplicates": the pair is not offered again. */
export async function dismiss(kind: DuplicateKind, ids: [string, string]): Promise<void> {
  const body = { ids };
  const result =
    kind === 'contacts'
      ? await contactApi.POST('/api/v1/contacts/duplicates/dismissals', { body })
      : await contactApi.POST('/api/v1/companies/duplicates/dismissals', { body });
  if (!result.response.ok) dataOrThrow(result);
}

export interface Versioned<R> {
  record: R;
  etag: string;
}

/** A record with its ETag (the merge sends the survivor's as If-Match). */
export async function loadRecord<K extends DuplicateKind>(
  kind: K,
  id: string,
  signal?: AbortSignal,
): Promise<Versioned<RecordOf<K>>> {
  const result =
    kind === 'contacts'
      ? await contactApi.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal })
      : await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal });
  const record = dataOrThrow<{ id?: string; version?: number }>(result);
  return { record: record as RecordOf<K>, etag: etagOf(result.response, record.version) };
}

/** Merges the duplicate into the survivor (`POST /<kind>/{survivorId}/merge`, If-Match the survivor's ETag). */
export async function merge<K extends DuplicateKind>(
  kind: K,
  survivorId: string,
  etag: string,
  body: MergeRequest,
): Promise<Versioned<RecordOf<K>>> {
  const params = { path: { id: survivorId }, header: { 'If-Match': etag } };
  const result =
    kind === 'contacts'
      ? await contactApi.POST('/api/v1/contacts/{id}/merge', { params, body })
      : await contactApi.POST('/api/v1/companies/{id}/merge', { params, body });
  const record = dataOrThrow<{ id?: string; version?: number }>(result);
  return { record: record as RecordOf<K>, etag: etagOf(result.response, record.version) };
}
