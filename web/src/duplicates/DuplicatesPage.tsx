import { useRef, useState } from 'react';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { messageOf } from '../admin/kit/formProblem';
import { preload } from '../routes/chunks';
import { dismiss, duplicatesKey, listDuplicates } from './api';
import type { DuplicateKind, DuplicatePage, DuplicatePair } from './contract';
import { type DuplicateKindInfo, duplicateKind, formatScore } from './merge';
import styles from './Duplicates.module.css';

type AnyRecord = { id?: string };
type Pair = DuplicatePair<AnyRecord>;

const pairKey = (pair: Pair) => pair.records.map((r) => r.id).join('+');

/**
 * `/contacts/duplicates`, `/companies/duplicates`: the pairs the service finds alike, most alike first, with the score
 * and the reasons; "Merge…" opens the merge screen, "Not duplicates" dismisses the pair (for everyone).
 */
export function DuplicatesPage({ kind }: { kind: DuplicateKind }) {
  const info = duplicateKind(kind) as DuplicateKindInfo;
  const queries = useQueryClient();
  const queryKey = [...duplicatesKey(kind), 'list'];
  const pairs = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => listDuplicates(kind, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const [said, setSaid] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const dismissing = useMutation({
    mutationFn: (pair: Pair) => dismiss(kind, [pair.records[0].id!, pair.records[1].id!]),
    onSuccess: (_done, pair) => {
      // The pair leaves the list at once; the list and the record pages' notices are read again.
      queries.setQueryData<InfiniteData<DuplicatePage<AnyRecord>>>(queryKey, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((i) => pairKey(i) !== pairKey(pair)) })) }
          : data,
      );
      void queries.invalidateQueries({ queryKey: duplicatesKey(kind) });
      setSaid(`${names(info, pair)}: marked as not duplicates.`);
      // The button pressed is gone with its pair: the focus goes to what says so.
      requestAnimationFrame(() => status.current?.focus());
    },
  });

  const items = pairs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className={styles.page}>
      <Link to={info.listPath} className={styles.back}>
        ← {info.listLabel}
      </Link>
      <h1>Duplicate {info.many}</h1>
      <p className="muted">
        Pairs of {info.many} that look like the same {info.one === 'contact' ? 'person' : 'company'}, most alike first.
        Merge keeps one of them with the values you pick; “Not duplicates” stops offering the pair.
      </p>
      <p ref={status} tabIndex={-1} role="status" className={said ? styles.said : 'visually-hidden'}>
        {said}
      </p>
      {dismissing.isError && (
        <p className="alert" role="alert">
          Could not mark them as not duplicates: {messageOf(dismissing.error)}
        </p>
      )}
      {pairs.isError ? (
        <p className="alert" role="alert">
          Could not load the duplicates: {messageOf(pairs.error)}
        </p>
      ) : pairs.isPending ? (
        <p role="status">Looking for duplicates…</p>
      ) : items.length === 0 ? (
        <p>No likely duplicates.</p>
      ) : (
        <ol className={styles.pairs} aria-label={`Likely duplicate ${info.many}`}>
          {items.map((pair) => (
            <PairItem
              key={pairKey(pair)}
              info={info}
              pair={pair}
              busy={dismissing.isPending && dismissing.variables === pair}
              onDismiss={() => dismissing.mutate(pair)}
            />
          ))}
        </ol>
      )}
      {pairs.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={pairs.isFetchingNextPage}
          onClick={() => void pairs.fetchNextPage()}
        >
          {pairs.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function names(info: DuplicateKindInfo, pair: Pair): string {
  const nameOf = info.nameOf as (r: AnyRecord) => string;
  return `“${nameOf(pair.records[0])}” and “${nameOf(pair.records[1])}”`;
}

function PairItem({
  info,
  pair,
  busy,
  onDismiss,
}: {
  info: DuplicateKindInfo;
  pair: Pair;
  busy: boolean;
  onDismiss: () => void;
}) {
  const nameOf = info.nameOf as (r: AnyRecord) => string;
  const facts = info.facts as (r: AnyRecord) => string[];
  const [a, b] = pair.records;
  const headingId = `pair-${pairKey(pair)}`;
  const mergeTo = `/${info.kind}/merge` as const;
  return (
    <li className={styles.pair}>
      <article aria-labelledby={headingId}>
        <div className={styles.pairHead}>
          <h2 id={headingId}>{names(info, pair)}</h2>
          <span className={styles.score}>{formatScore(pair.score)}</span>
        </div>
        <ul className={styles.reasons} aria-label="Why they look alike">
          {pair.reasons.map((r) => (
            <li key={`${r.code}-${r.detail}`}>{r.detail || r.code}</li>
          ))}
        </ul>
        <div className={styles.records}>
          {[a, b].map((r) => (
            <div key={r.id} className={styles.record}>
              <Link to={info.recordPath(r.id!)}>{nameOf(r)}</Link>
              {facts(r).map((f) => (
                <span key={f} className="muted">
                  {f}
                </span>
              ))}
            </div>
          ))}
        </div>
        <div className={styles.actions}>
          <Link
            to={info.mergePath(a.id!, b.id!)}
            className="button primary"
            aria-describedby={headingId}
            onPointerEnter={() => preload(mergeTo)}
            onFocus={() => preload(mergeTo)}
          >
            Merge…
          </Link>
          <button type="button" className="button" aria-describedby={headingId} disabled={busy} onClick={onDismiss}>
            {busy ? 'Saving…' : 'Not duplicates'}
          </button>
        </div>
      </article>
    </li>
  );
}
