import type { UseFormReturn } from 'react-hook-form';
import styles from '../kit/admin.module.css';
import { CATALOGUE } from './catalogue';
import type { SubscriptionForm } from './webhooks';

/**
 * The subscription form's fields (create and edit): target URL, description, and the events — every type of the
 * catalogue by record type, "all" of a record type as its wildcard, and any other pattern typed in.
 */
export function SubscriptionFields({ form, idPrefix }: { form: UseFormReturn<SubscriptionForm>; idPrefix: string }) {
  const { register, formState } = form;
  const { errors } = formState;
  const id = (name: string) => `${idPrefix}-${name}`;
  const described = (name: keyof SubscriptionForm, hint?: string) =>
    errors[name]
      ? { 'aria-invalid': true as const, 'aria-describedby': id(`${name}-error`) }
      : hint
        ? { 'aria-describedby': id(`${name}-hint`) }
        : {};
  const error = (name: keyof SubscriptionForm) =>
    errors[name] && (
      <span id={id(`${name}-error`)} className={styles.error}>
        {errors[name]?.message}
      </span>
    );
  return (
    <>
      <div className={styles.field}>
        <label htmlFor={id('url')}>Target URL</label>
        <input
          id={id('url')}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://erp.example.com/atrium/events"
          {...register('url')}
          {...described('url', 'hint')}
        />
        {error('url') ?? (
          <span id={id('url-hint')} className={styles.hint}>
            Atrium POSTs each event here, signed. Use https; the address must be reachable from Atrium and not inside
            its network (local receivers only where the platform allows them).
          </span>
        )}
      </div>
      <div className={styles.field}>
        <label htmlFor={id('description')}>Description (optional)</label>
        <input id={id('description')} autoComplete="off" {...register('description')} {...described('description')} />
        {error('description')}
      </div>
      <fieldset className={styles.checks} aria-describedby={errors.eventTypes ? id('eventTypes-error') : undefined}>
        <legend className={styles.legend}>Events</legend>
        {error('eventTypes')}
        {CATALOGUE.map((group) => (
          <fieldset key={group.group} className={styles.group}>
            <legend>{group.label}</legend>
            <label className={styles.check}>
              <input type="checkbox" value={`${group.group}.*`} {...register('eventTypes')} />
              <span>
                All {group.noun} events <span className="muted">({group.group}.*)</span>
              </span>
            </label>
            {group.types.map((type) => (
              <label key={type} className={styles.check}>
                <input type="checkbox" value={type} {...register('eventTypes')} />
                <span className={styles.mono}>{type}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </fieldset>
      <div className={styles.field}>
        <label htmlFor={id('patterns')}>Other event types or patterns (optional)</label>
        <input
          id={id('patterns')}
          autoComplete="off"
          placeholder="crm.*"
          {...register('patterns')}
          {...described('patterns', 'hint')}
        />
        {error('patterns') ?? (
          <span id={id('patterns-hint')} className={styles.hint}>
            Separated by commas: an exact type, a prefix with a wildcard (crm.deal.*), crm.* or * for every event.
          </span>
        )}
      </div>
    </>
  );
}

/** The form's values for a subscription: catalogue types and wildcards as ticks, anything else as patterns. */
export function formValuesOf(s: { url?: string; description?: string; eventTypes?: string[] }): SubscriptionForm {
  const known = new Set(CATALOGUE.flatMap((g) => [`${g.group}.*`, ...g.types]));
  const types = s.eventTypes ?? [];
  return {
    url: s.url ?? '',
    description: s.description ?? '',
    eventTypes: types.filter((t) => known.has(t)),
    patterns: types.filter((t) => !known.has(t)).join(', '),
  };
}
