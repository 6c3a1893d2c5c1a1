import { useCallback } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useSearchParams } from 'react-router';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { useDebounced } from '../components/useDebounced';
import { VirtualTable } from '../components/VirtualTable';
import tableStyles from '../components/VirtualTable.module.css';
import styles from '../components/ListPage.module.css';
import { formatDate } from '../contacts/format';
import { type Company, cityOf } from './format';

export const PAGE_SIZE = 50;
export const SEARCH_DELAY_MS = 250;

/** The list's sort orders (the API's `sort`: name, created or updated, `-` for descending). */
export const SORTS = [
  { value: 'name', label: 'Name, A–Z' },
  { value: '-name', label: 'Name, Z–A' },
  { value: '-updated', label: 'Recently updated' },
  { value: '-created', label: 'Newest' },
];

const column = createColumnHelper<Company>();
const columns = [
  column.accessor((c) => c.name ?? '', {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <Link className={tableStyles.name} to={`/companies/${info.row.original.id}`}>
        {info.getValue() || '(no name)'}
      </Link>
    ),
    meta: { width: '30%' },
  }),
  column.accessor((c) => c.domain ?? '', { id: 'domain', header: 'Domain', meta: { width: '22%' } }),
  column.accessor((c) => c.industry ?? '', { id: 'industry', header: 'Industry', meta: { optional: true, width: '16%' } }),
  column.accessor((c) => c.size ?? '', { id: 'size', header: 'Size', meta: { optional: true, width: '10%' } }),
  column.accessor((c) => cityOf(c), { id: 'city', header: 'Location', meta: { optional: true, width: '12%' } }),
  column.accessor((c) => formatDate(c.updatedAt), { id: 'updated', header: 'Updated', meta: { optional: true, width: '10%' } }),
];

/** Companies: search as you type (the API's `q` over name and domain), a sort, a virtualised table, keyset paging. */
export function CompaniesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'name';
  const search = useDebounced(q.trim(), SEARCH_DELAY_MS);

  const companies = useInfiniteQuery({
    queryKey: ['companies', { q: search, sort }],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/companies', {
          params: { query: { q: search || undefined, sort, limit: PAGE_SIZE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = companies;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const rows = companies.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  const update = (next: { q?: string; sort?: string }) => {
    const merged = { q, sort, ...next };
    const entries: Record<string, string> = {};
    if (merged.q) entries.q = merged.q;
    if (merged.sort && merged.sort !== 'name') entries.sort = merged.sort;
    setParams(entries, { replace: true });
  };

  return (
    <section>
      <div className={styles.toolbar}>
        <h1>Companies</h1>
        <Link to="/companies/new" className="button primary">
          New company
        </Link>
      </div>
      <div className={styles.filters}>
        <label htmlFor="company-search" className="visually-hidden">
          Search companies
        </label>
        <input
          id="company-search"
          className={styles.search}
          type="search"
          placeholder="Search by name or domain"
          autoComplete="off"
          value={q}
          onChange={(e) => update({ q: e.target.value })}
        />
        <label htmlFor="company-sort" className="visually-hidden">
          Sort companies
        </label>
        <select id="company-sort" className={styles.sort} value={sort} onChange={(e) => update({ sort: e.target.value })}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {companies.isError ? (
        <p className="alert" role="alert">
          Could not load companies: {companies.error.message}
        </p>
      ) : companies.isPending ? (
        <p role="status">Loading companies…</p>
      ) : rows.length === 0 ? (
        <p role="status">{search ? `No company matches “${search}”.` : 'No companies yet.'}</p>
      ) : (
        <VirtualTable
          rows={rows}
          columns={columns}
          getRowId={(c, i) => c.id ?? String(i)}
          rowHref={(c) => `/companies/${c.id}`}
          label="Companies list"
          noun={['company', 'companies']}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
