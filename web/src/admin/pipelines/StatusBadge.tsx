import styles from '../Admin.module.css';

export function StatusBadge({ archived }: { archived: boolean }) {
  return (
    <span className={`${styles.badge} ${archived ? styles.archived : styles.active}`}>{archived ? 'Archived' : 'Active'}</span>
  );
}
