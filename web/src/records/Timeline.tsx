import { useCallback, useEffect, useRef } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { activityApi } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { stageLabel } from '../contacts/format';
import {
  formatDateTime,
  formatDay,
  formatDuration,
  type RecordSubject,
  type TimelineItem,
  timelineKey,
  timelineParams,
} from './subject';
import styles from './Timeline.module.css';

export const TIMELINE_PAGE = 25;

const TYPE_LABEL: Record<string, string> = { call: 'Call', email: 'Email', meeting: 'Meeting', note: 'Note' };

/**
 * The record's timeline: every call, email, meeting, note, task and ticket on it, newest first, keyset-paged from
 * the activity service and virtualised (only the entries in view are in the DOM), loading the next page near the end.
 */
export function Timeline({ subject, initialHeight = 600 }: { subject: RecordSubject; initialHeight?: number }) {
  const timeline = useInfiniteQuery({
    queryKey: timelineKey(subject),
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/timeline', {
          params: { query: { ...timelineParams(subject), limit: TIMELINE_PAGE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    overscan: 6,
    getItemKey: (i) => items[i]?.id ?? i,
    initialRect: { width: 600, height: initialHeight },
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows.length ? rows[rows.length - 1]!.index : -1;
  useEffect(() => {
    if (last >= items.length - 5) loadMore();
  }, [last, items.length, loadMore]);

  if (timeline.isPending) return <p role="status">Loading the timeline…</p>;
  if (timeline.isError)
    return (
      <p className="alert" role="alert">
        Could not load the timeline: {timeline.error.message}
      </p>
    );
  if (items.length === 0) return <p className="muted">Nothing logged yet.</p>;
  return (
    <>
      <div ref={scroller} className={styles.scroller} tabIndex={0} role="region" aria-label="Timeline entries">
        <ol className={styles.list} style={{ height: virtualizer.getTotalSize() }} aria-label="Timeline">
          {rows.map((row) => {
            const item = items[row.index]!;
            return (
              <li
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className={styles.item}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <Entry item={item} />
              </li>
            );
          })}
        </ol>
      </div>
      <div className={styles.footer}>
        <span className="muted">
          {items.length} {items.length === 1 ? 'entry' : 'entries'}
          {hasNextPage ? ', more available' : ''}
        </span>
        {hasNextPage && (
          <button type="button" className="button" onClick={loadMore} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load older'}
          </button>
        )}
      </div>
    </>
  );
}

function Entry({ item }: { item: TimelineItem }) {
  const names = item.names ?? {};
  if (item.kind === 'activity' && item.activity) {
    const a = item.activity;
    const type = a.type ?? 'note';
    const facts = [
      a.direction ? stageLabel(a.direction) : '',
      a.outcome ? stageLabel(a.outcome) : '',
      formatDuration(a.durationSeconds ?? (a.startsAt && a.endsAt ? (Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 1000 : null)),
      a.location ?? '',
      a.dealId && names[a.dealId] ? `Deal: ${names[a.dealId]}` : '',
    ].filter(Boolean);
    return (
      <article className={styles.entry} data-kind={type} aria-label={`${TYPE_LABEL[type] ?? type} ${formatDateTime(a.occurredAt ?? item.at)}`}>
        <header className={styles.head}>
          <span className={styles.badge} data-kind={type}>
            {TYPE_LABEL[type] ?? type}
          </span>
          <time dateTime={a.occurredAt ?? item.at}>{formatDateTime(a.occurredAt ?? item.at)}</time>
          {a.createdBy && <span className="muted">by {a.createdBy}</span>}
        </header>
        {a.subject && <p className={styles.subject}>{a.subject}</p>}
        {a.body && <p className={styles.body}>{a.body}</p>}
        {a.redacted && <p className="muted">Removed on request (erasure).</p>}
        {facts.length > 0 && <p className={styles.facts}>{facts.join(' · ')}</p>}
      </article>
    );
  }
  if (item.kind === 'task' && item.task) {
    const t = item.task;
    return (
      <article className={styles.entry} aria-label={`Task ${t.title ?? ''}`}>
        <header className={styles.head}>
          <span className={styles.badge} data-kind="task">
            Task
          </span>
          <time dateTime={item.at}>{formatDateTime(item.at)}</time>
          <span className="muted">{t.status === 'done' ? 'done' : t.status === 'cancelled' ? 'cancelled' : 'open'}</span>
        </header>
        <p className={styles.subject}>{t.title}</p>
        {t.dueAt && <p className={styles.facts}>Due {formatDay(t.dueAt)}{t.assignee ? ` · ${t.assignee}` : ''}</p>}
      </article>
    );
  }
  if (item.kind === 'ticket' && item.ticket) {
    const t = item.ticket;
    return (
      <article className={styles.entry} aria-label={`Ticket ${t.number ?? ''}`}>
        <header className={styles.head}>
          <span className={styles.badge} data-kind="ticket">
            Ticket #{t.number}
          </span>
          <time dateTime={item.at}>{formatDateTime(item.at)}</time>
          <span className="muted">{stageLabel(t.status)}</span>
        </header>
        <p className={styles.subject}>{t.subject}</p>
        {t.priority && <p className={styles.facts}>Priority {t.priority}</p>}
      </article>
    );
  }
  return null;
}
