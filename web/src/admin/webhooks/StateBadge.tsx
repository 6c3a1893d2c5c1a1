import styles from '../kit/admin.module.css';
import type { Tone } from './webhooks';

export function StateBadge({ label, tone }: { label: string; tone: Tone }) {
  return <span className={`${styles.badge} ${styles[tone]}`}>{label}</span>;
}
