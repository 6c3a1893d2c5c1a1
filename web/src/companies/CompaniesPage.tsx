import { useCallback } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { useDebounced } from '../components/useDebounced';
import { VirtualTable } from '../components/VirtualTable';
import tableStyles from '../components/VirtualTable.module.css';
import styles from '../components/ListPage.module.css';
import { formatDate } from '../contacts/format';
import { type Company, cityOf } from './format';
import { type ListConfig, listQuery } from '../views/listState';
import { useListState } from '../views/useListState';
import { FilterBar } from '../views/FilterBar';
import { ColumnChooser } from '../views/ColumnChooser';
import { ViewBar } from '../views/ViewBar';
import { ExportMenu } from '../exports/ExportMenu';
import { preload } from '../routes/chunks';

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
  column.accessor((c) => (c.tags ?? []).join(', '), { id: 'tags', header: 'Tags', meta: { optional: true, width: '12%' } }),
  column.accessor((c) => formatDate(c.createdAt), { id: 'created', header: 'Created', meta: { optional: true, width: '10%' } }),
  column.accessor((c) => formatDate(c.updatedAt), { id: 'updated', header: 'Updated', meta: { optional: true, width: '10%' } }),
];

/** The companies list's columns, sorts and filters, for the filter bar, the column chooser and saved views. */
export const COMPANIES_LIST: ListConfig = {
  recordType: 'companies',
  columns: [
    { id: 'name', label: 'Name', fixed: true },
    { id: 'domain', label: 'Domain' },
    { id: 'industry', label: 'Industry' },
    { id: 'size', label: 'Size' },
    { id: 'city', label: 'Location' },
    { id: 'tags', label: 'Tags' },
    { id: 'created', label: 'Created' },
    { id: 'updated', label: 'Updated' },
  ],
  defaultColumns: ['name', 'domain', 'industry', 'size', 'city', 'updated'],
  sorts: SORTS,
  defaultSort: 'name',
  contactFilters: false,
};

/**
 * Companies: search as you type (the API's `q` over name and domain), filters, sort, column choice and saved views —
 * all in the URL — over a virtualised table with keyset paging.
 */
export function CompaniesPage() {
  const { state, setState, update } = useListState(COMPANIES_LIST);
  const search = useDebounced(state.q.trim(), SEARCH_DELAY_MS);
  const query = listQuery({ ...state, q: search }, COMPANIES_LIST);
  const filtered = Object.keys(query).some((k) => k !== 'sort' && query[k as keyof typeof query] !== undefined);

  const companies = useInfiniteQuery({
    queryKey: ['companies', query],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/companies', {
          params: { query: { ...query, limit: PAGE_SIZE, after: pageParam } },
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

  return (
    <section>
      <div className={styles.toolbar}>
        <h1>Companies</h1>
        <ColumnChooser config={COMPANIES_LIST} columns={state.columns} onChange={(columns) => update({ columns })} />
        <ExportMenu kind="companies" filters={query} columns={state.columns} />
        <Link
          to="/companies/duplicates"
          className="button"
          onPointerEnter={() => preload('/companies/duplicates')}
          onFocus={() => preload('/companies/duplicates')}
        >
          Duplicates
        </Link>
        <Link
          to="/companies/import"
          className="button"
          onPointerEnter={() => preload('/companies/import')}
          onFocus={() => preload('/companies/import')}
        >
          Import
        </Link>
        <Link to="/companies/new" className="button primary">
          New company
        </Link>
      </div>
      <ViewBar config={COMPANIES_LIST} state={state} onChange={setState} allLabel="All companies" />
      <FilterBar config={COMPANIES_LIST} state={state} onChange={update} placeholder="Search by name or domain" />
      {companies.isError ? (
        <p className="alert" role="alert">
          Could not load companies: {companies.error.message}
        </p>
      ) : companies.isPending ? (
        <p role="status">Loading companies…</p>
      ) : rows.length === 0 ? (
        <p role="status">
          {search ? `No company matches “${search}”.` : filtered ? 'No company matches these filters.' : 'No companies yet.'}
        </p>
      ) : (
        <VirtualTable
          rows={rows}
          columns={columns}
          visibleColumns={state.columns}
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
