import { useCallback } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { ContactTable } from './ContactTable';
import { useDebounced } from '../components/useDebounced';
import styles from '../components/ListPage.module.css';
import { type ListConfig, listQuery } from '../views/listState';
import { useListState } from '../views/useListState';
import { FilterBar } from '../views/FilterBar';
import { ColumnChooser } from '../views/ColumnChooser';
import { ViewBar } from '../views/ViewBar';
import { ExportMenu } from '../exports/ExportMenu';
import { preload } from '../routes/chunks';

export const PAGE_SIZE = 50;
export const SEARCH_DELAY_MS = 250;

/** The contacts list's columns, sorts and filters, for the filter bar, the column chooser and saved views. */
export const CONTACTS_LIST: ListConfig = {
  recordType: 'contacts',
  columns: [
    { id: 'name', label: 'Name', fixed: true },
    { id: 'email', label: 'Email' },
    { id: 'phone', label: 'Phone' },
    { id: 'jobTitle', label: 'Job title' },
    { id: 'stage', label: 'Stage' },
    { id: 'tags', label: 'Tags' },
    { id: 'created', label: 'Created' },
    { id: 'updated', label: 'Updated' },
  ],
  defaultColumns: ['name', 'email', 'phone', 'jobTitle', 'stage', 'updated'],
  sorts: [
    { value: 'name', label: 'Name, A–Z' },
    { value: '-name', label: 'Name, Z–A' },
    { value: '-updated', label: 'Recently updated' },
    { value: '-created', label: 'Newest' },
    { value: 'created', label: 'Oldest' },
  ],
  defaultSort: 'name',
  contactFilters: true,
};

/**
 * Contacts: search as you type (the API's typo-tolerant `q`), filters, sort, column choice and saved views — all in
 * the URL — over a virtualised table with keyset paging.
 */
export function ContactsPage() {
  const { state, setState, update } = useListState(CONTACTS_LIST);
  const search = useDebounced(state.q.trim(), SEARCH_DELAY_MS);
  const query = listQuery({ ...state, q: search }, CONTACTS_LIST);
  const filtered = Object.keys(query).some((k) => k !== 'sort' && query[k as keyof typeof query] !== undefined);

  const contacts = useInfiniteQuery({
    queryKey: ['contacts', query],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/contacts', {
          params: { query: { ...query, limit: PAGE_SIZE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = contacts;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const rows = contacts.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  return (
    <section>
      <div className={styles.toolbar}>
        <h1>Contacts</h1>
        <ColumnChooser config={CONTACTS_LIST} columns={state.columns} onChange={(columns) => update({ columns })} />
        <ExportMenu kind="contacts" filters={query} columns={state.columns} />
        <Link
          to="/contacts/duplicates"
          className="button"
          onPointerEnter={() => preload('/contacts/duplicates')}
          onFocus={() => preload('/contacts/duplicates')}
        >
          Duplicates
        </Link>
        <Link
          to="/contacts/import"
          className="button"
          onPointerEnter={() => preload('/contacts/import')}
          onFocus={() => preload('/contacts/import')}
        >
          Import
        </Link>
        <Link to="/contacts/new" className="button primary">
          New contact
        </Link>
      </div>
      <ViewBar config={CONTACTS_LIST} state={state} onChange={setState} allLabel="All contacts" />
      <FilterBar
        config={CONTACTS_LIST}
        state={state}
        onChange={update}
        placeholder="Search by name, email, phone or company"
      />
      {contacts.isError ? (
        <p className="alert" role="alert">
          Could not load contacts: {contacts.error.message}
        </p>
      ) : contacts.isPending ? (
        <p role="status">Loading contacts…</p>
      ) : rows.length === 0 ? (
        <p role="status">
          {search ? `No contact matches “${search}”.` : filtered ? 'No contact matches these filters.' : 'No contacts yet.'}
        </p>
      ) : (
        <ContactTable
          contacts={rows}
          visibleColumns={state.columns}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
