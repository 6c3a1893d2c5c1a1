import { useEffect, useRef, useState } from 'react';
import styles from '../kit/admin.module.css';

/**
 * A signing secret, shown once (the API never answers it again): the receiver needs it to verify each delivery.
 * Focus moves here so a keyboard or screen-reader user meets it first.
 */
export function SecretPanel({ secret, rotated, onDismiss }: { secret: string; rotated?: boolean; onDismiss(): void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [secret]);
  return (
    <section className={styles.secret} aria-labelledby="secret-heading">
      <h2 id="secret-heading" ref={heading} tabIndex={-1}>
        {rotated ? 'New signing secret' : 'Signing secret'}
      </h2>
      <p>
        Copy it into the receiving system now: <strong>it is shown only this once.</strong>
        {rotated && ' The previous secret keeps signing beside it for 24 hours, so the receiver can switch meanwhile.'}
      </p>
      <code className={styles.secretValue} data-testid="webhook-secret">
        {secret}
      </code>
      <div className={styles.actions}>
        <button
          type="button"
          className="button primary"
          onClick={() =>
            navigator.clipboard?.writeText(secret).then(
              () => setCopied('yes'),
              () => setCopied('no'),
            ) ?? setCopied('no')
          }
        >
          Copy secret
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          I have stored it
        </button>
        <span role="status" className="muted">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying is not allowed here: select the secret and copy it.' : ''}
        </span>
      </div>
    </section>
  );
}
