import { useCallback } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { contactApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { ContactTable } from './ContactTable';
import { useDebounced } from '../components/useDebounced';
import styles from '../components/ListPage.module.css';

export const PAGE_SIZE = 50;
export const SEARCH_DELAY_MS = 250;

/** Contacts: search as you type (the API's typo-tolerant `q`), a virtualised table and keyset paging. */
export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const search = useDebounced(q.trim(), SEARCH_DELAY_MS);

  const contacts = useInfiniteQuery({
    queryKey: ['contacts', { q: search }],
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/contacts', {
          params: { query: { q: search || undefined, limit: PAGE_SIZE, after: pageParam } },
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
        <Link to="/contacts/new" className="button primary">
          New contact
        </Link>
      </div>
      <label htmlFor="contact-search" className="visually-hidden">
        Search contacts
      </label>
      <input
        id="contact-search"
        className={styles.search}
        type="search"
        placeholder="Search by name, email, phone or company"
        autoComplete="off"
        value={q}
        onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
      />
      {contacts.isError ? (
        <p className="alert" role="alert">
          Could not load contacts: {contacts.error.message}
        </p>
      ) : contacts.isPending ? (
        <p role="status">Loading contacts…</p>
      ) : rows.length === 0 ? (
        <p role="status">{search ? `No contact matches “${search}”.` : 'No contacts yet.'}</p>
      ) : (
        <ContactTable
          contacts={rows}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
