import { useEffect } from 'react';
import { type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { noticeState } from '../components/RouteNotice';
import { preload } from '../routes/chunks';
import { duplicatesOf, recordDuplicatesKey } from './api';
import type { DuplicateKind } from './contract';
import { duplicateKind } from './merge';
import styles from './Duplicates.module.css';

/**
 * A record merged away answers its GET with a 301 to the survivor, which the browser's fetch follows: the page then
 * holds a record whose id is not the URL's. Replace the route with the survivor's own address (so a reload, a
 * bookmark and the edits that follow use it), saying why, with what was read put under the survivor's query key so it
 * is not read again. Answers whether the page is being moved (show nothing of it meanwhile).
 */
export function useMergedRedirect<D extends { record: { id?: string } }>(
  kind: DuplicateKind,
  urlId: string,
  data: D | undefined,
  queryKeyOf: (id: string) => QueryKey,
): boolean {
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const loadedId = data?.record.id;
  const moved = !!loadedId && !!urlId && loadedId !== urlId;
  const info = duplicateKind(kind);
  useEffect(() => {
    if (!moved || !data) return;
    if (!queries.getQueryData(queryKeyOf(loadedId))) queries.setQueryData(queryKeyOf(loadedId), data);
    void navigate(
      { pathname: info.recordPath(loadedId), search: location.search, hash: location.hash },
      { replace: true, state: noticeState(`The ${info.one} you opened was merged into this one.`) },
    );
    // queryKeyOf is left out: a new function each render, and what it answers depends only on loadedId.
  }, [moved, loadedId, data, navigate, queries, info, location.search, location.hash]);
  return moved;
}

/**
 * "Possible duplicates" on a record page: the pairs the service finds for this record (`GET /<kind>/{id}/duplicates`),
 * each with its reasons, a link to the other record and "Merge…". Nothing at all when there are none — or when the
 * service cannot say (the notice is advice; the page works without it).
 */
export function DuplicatesNotice({ kind, id }: { kind: DuplicateKind; id: string }) {
  const info = duplicateKind(kind);
  const pairs = useQuery({
    queryKey: recordDuplicatesKey(kind, id),
    queryFn: ({ signal }) => duplicatesOf(kind, id, signal),
    enabled: !!id,
    retry: false,
  });
  const others = (pairs.data?.items ?? [])
    .map((pair) => ({ pair, other: pair.records.find((r) => r.id !== id) }))
    .filter((p): p is typeof p & { other: NonNullable<typeof p.other> } => !!p.other?.id);
  if (!others.length) return null;
  const headingId = `possible-duplicates-${id}`;
  return (
    // A region, not an aside: a complementary landmark inside the record's article is not top-level (axe).
    <section className={styles.notice} aria-labelledby={headingId}>
      <h2 id={headingId}>Possible duplicates</h2>
      <ul className={styles.noticeList}>
        {others.map(({ pair, other }) => {
          const name = (info.nameOf as (r: typeof other) => string)(other);
          return (
            <li key={other.id}>
              <span>
                <Link to={info.recordPath(other.id!)}>{name}</Link>
                {pair.reasons.length > 0 && (
                  <span className="muted"> — {pair.reasons.map((r) => r.detail || r.code).join('; ')}</span>
                )}
              </span>
              <Link
                to={info.mergePath(id, other.id!)}
                className="button"
                aria-label={`Merge… with ${name}`}
                onPointerEnter={() => preload(`/${kind}/merge`)}
                onFocus={() => preload(`/${kind}/merge`)}
              >
                Merge…
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
