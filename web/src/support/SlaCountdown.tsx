import { countdownText, nextTarget, type SlaTarget, type Ticket, urgencyOf } from './sla';
import styles from './SlaCountdown.module.css';

/** The countdown of the ticket's next running SLA target, coloured by urgency; "—" when none runs. */
export function SlaCountdown({ ticket, now }: { ticket: Ticket; now: number }) {
  const target = nextTarget(ticket);
  if (!target) return <span className="muted">—</span>;
  return <TargetCountdown target={target} now={now} showName />;
}

export function TargetCountdown({ target, now, showName = false }: { target: SlaTarget; now: number; showName?: boolean }) {
  const urgency = urgencyOf(target.dueAt!, now);
  return (
    <span className={`${styles.countdown} ${styles[urgency]}`} title={`${target.name} due ${new Date(target.dueAt!).toLocaleString()}`}>
      {showName && <span className={styles.target}>{target.name === 'first response' ? 'Reply: ' : 'Resolve: '}</span>}
      {countdownText(target.dueAt!, now)}
    </span>
  );
}
