import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/problems';
import styles from './admin.module.css';

/** The way back to a record's list, above the page's heading ("← Teams"). */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className={styles.back}>
      ← {children}
    </Link>
  );
}

interface NotLoadedProps {
  /** The kind of record, as a heading says it ("Team"). */
  record: string;
  /** Its list, and that list's name ("/admin/teams", "Teams"). */
  back: string;
  backLabel: string;
  error: Error;
}

/**
 * A record's page when the record could not be read: the way back, the heading, and why ("There is no such team."
 * on 404, else "Could not load the team: …").
 */
export function NotLoaded({ record, back, backLabel, error }: NotLoadedProps) {
  const noun = record.toLowerCase();
  return (
    <section>
      <BackLink to={back}>{backLabel}</BackLink>
      <h1>{record}</h1>
      <p className="alert" role="alert">
        {error instanceof ApiError && error.status === 404
          ? `There is no such ${noun}.`
          : `Could not load the ${noun}: ${error.message}`}
      </p>
    </section>
  );
}
