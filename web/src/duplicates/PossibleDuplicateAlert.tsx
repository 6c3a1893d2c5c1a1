import { Fragment } from 'react';
import { Link } from 'react-router';
import type { DuplicateKind, PossibleDuplicate } from './contract';
import { duplicateKind } from './merge';
import styles from './Duplicates.module.css';

/**
 * A create's 409 `possible-duplicate`: "This may be a duplicate of X (why)", each candidate a link to its record, and
 * "Create anyway", which sends the same create again with `allowDuplicate=true`.
 */
export function PossibleDuplicateAlert({
  kind,
  duplicates,
  creating,
  onCreateAnyway,
}: {
  kind: DuplicateKind;
  duplicates: PossibleDuplicate[];
  creating: boolean;
  onCreateAnyway: () => void;
}) {
  const info = duplicateKind(kind);
  return (
    <div className={styles.warning} role="alert">
      <p>
        This may be a duplicate of{' '}
        {duplicates.map((d, i) => (
          <Fragment key={d.id}>
            {i > 0 && (i === duplicates.length - 1 ? ' or ' : ', ')}
            <Link to={info.recordPath(d.id)}>{d.name || `an existing ${info.one}`}</Link>
            {d.reasons.length > 0 && <> ({d.reasons.map((r) => r.detail || r.code).join('; ')})</>}
          </Fragment>
        ))}
        .
      </p>
      <p>Open it to update it instead, or create the new {info.one} anyway.</p>
      <button type="button" className="button" disabled={creating} onClick={onCreateAnyway}>
        {creating ? 'Creating…' : 'Create anyway'}
      </button>
    </div>
  );
}
