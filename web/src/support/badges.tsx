import { label, type Ticket } from './sla';
import styles from './badges.module.css';

export function StatusBadge({ status }: { status: Ticket['status'] }) {
  if (!status) return null;
  return <span className={`${styles.badge} ${styles[`status-${status}`]}`}>{label(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: Ticket['priority'] }) {
  if (!priority) return null;
  return <span className={`${styles.badge} ${styles[`priority-${priority}`]}`}>{label(priority)}</span>;
}
