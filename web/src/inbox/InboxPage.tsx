import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useNow } from '../support/useNow';
import {
  formatAbsolute,
  linkTo,
  readableBody,
  relativeTime,
  typeLabel,
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  useUnreadCount,
  type Notification,
} from './notifications';
import styles from './InboxPage.module.css';

/**
 * The signed-in person's notifications (unread first, then newest first, as the API pages them): unread ones are
 * marked by weight, an edge and the word "Unread"; each links to its record, and opening one marks it read. Filter
 * unread/all (kept in the URL), "Mark all read", "Load more" with the API's cursor.
 */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('show') === 'unread';
  const notifications = useNotifications(unreadOnly);
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const now = useNow();
  const filterId = useId();

  const items = notifications.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const unreadCount = unread.data ?? items.filter((n) => !n.readAt).length;
  const setFilter = (value: 'all' | 'unread') =>
    setParams(
      (p) => {
        if (value === 'unread') p.set('show', 'unread');
        else p.delete('show');
        return p;
      },
      { replace: true },
    );

  return (
    <section>
      <div className={styles.toolbar}>
        <h1>Inbox</h1>
        <Link to="/settings/notifications" className="button">
          Notification settings
        </Link>
      </div>
      <div className={styles.controls}>
        <fieldset className={styles.segments}>
          <legend className="visually-hidden">Show</legend>
          {(
            [
              ['unread', 'Unread'],
              ['all', 'All'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className={styles.segment}>
              <input
                type="radio"
                name={filterId}
                value={value}
                checked={unreadOnly === (value === 'unread')}
                onChange={() => setFilter(value)}
              />
              <span>{text}</span>
            </label>
          ))}
        </fieldset>
        <p className={styles.summary} aria-live="polite">
          {unread.isSuccess && (unreadCount === 1 ? '1 unread' : `${unreadCount} unread`)}
        </p>
        <button
          type="button"
          className="button"
          disabled={markAll.isPending || unreadCount === 0}
          onClick={() => markAll.mutate()}
        >
          Mark all read
        </button>
      </div>
      <div role="status" className={styles.notice}>
        {markAll.isSuccess &&
          (markAll.data === 1 ? 'Marked 1 notification read.' : `Marked ${markAll.data} notifications read.`)}
      </div>
      {(markAll.isError || markRead.isError) && (
        <p className="alert" role="alert">
          Could not mark {markAll.isError ? 'them' : 'it'} read: {(markAll.error ?? markRead.error)?.message}
        </p>
      )}
      {notifications.isPending && <p className="muted">Loading notifications…</p>}
      {notifications.isError && (
        <p className="alert" role="alert">
          Could not load your notifications: {notifications.error.message}
        </p>
      )}
      {notifications.isSuccess && items.length === 0 && (
        <div className={`card ${styles.empty}`}>
          <h2>{unreadOnly ? 'You are all caught up' : 'No notifications yet'}</h2>
          <p className="muted">
            {unreadOnly
              ? 'Nothing unread. '
              : 'When a colleague assigns you a deal, a task or a ticket, mentions you in a note, or something of yours needs attention, it shows here. '}
            {unreadOnly && (
              <button type="button" className={styles.linkButton} onClick={() => setFilter('all')}>
                Show all notifications
              </button>
            )}
          </p>
        </div>
      )}
      {items.length > 0 && (
        <ul className={styles.list} aria-label={unreadOnly ? 'Unread notifications' : 'Notifications'}>
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              now={now}
              marking={markRead.isPending && markRead.variables === n.id}
              onRead={() => markRead.mutate(n.id!)}
            />
          ))}
        </ul>
      )}
      {notifications.hasNextPage && (
        <div className={styles.more}>
          <button
            type="button"
            className="button"
            disabled={notifications.isFetchingNextPage}
            onClick={() => void notifications.fetchNextPage()}
          >
            {notifications.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function NotificationItem({
  notification: n,
  now,
  marking,
  onRead,
}: {
  notification: Notification;
  now: number;
  marking: boolean;
  onRead: () => void;
}) {
  const unread = !n.readAt;
  const to = linkTo(n);
  const title = n.title || typeLabel(n.type);
  return (
    <li className={`${styles.item} ${unread ? styles.unread : styles.read}`} data-unread={unread}>
      <div className={styles.text}>
        <p className={styles.meta}>
          {unread && <span className={styles.unreadTag}>Unread</span>}
          <span>{typeLabel(n.type)}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={n.createdAt} title={formatAbsolute(n.createdAt)}>
            {relativeTime(n.createdAt, now)}
          </time>
        </p>
        {to ? (
          <Link
            to={to}
            className={styles.title}
            onClick={() => {
              if (unread) onRead();
            }}
          >
            {title}
          </Link>
        ) : (
          <span className={styles.title}>{title}</span>
        )}
        {n.body && <p className={styles.body}>{readableBody(n.body)}</p>}
      </div>
      {unread && (
        <button type="button" className={`button ${styles.markRead}`} disabled={marking} onClick={onRead}>
          Mark read<span className="visually-hidden">: {title}</span>
        </button>
      )}
    </li>
  );
}

export default InboxPage;
