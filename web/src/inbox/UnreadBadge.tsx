import { useUnreadCount } from './queries';
import styles from './UnreadBadge.module.css';

/**
 * The navigation's unread count: the number on screen, "N unread" to assistive technology (read as part of the
 * link's name: "Inbox 3 unread"). Nothing when there is nothing unread (or the count is not known yet).
 */
export function UnreadBadge() {
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  if (count <= 0) return null;
  const shown = count > 99 ? '99+' : String(count);
  // The space before the badge separates it from the label in the link's accessible name.
  return (
    <>
      {' '}
      <span className={styles.badge} data-testid="unread-badge">
        <span aria-hidden="true">{shown}</span>
        <span className="visually-hidden">{count} unread</span>
      </span>
    </>
  );
}
