import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, type FieldErrors, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link } from 'react-router';
import { notificationApi, type NotificationSchemas } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import { preferencesKey, TYPE_GROUPS, typeLabel, type NotificationType } from './notifications';
import styles from './NotificationSettingsPage.module.css';

type Preferences = NotificationSchemas['PreferencesView'];
type PreferencesUpdate = NotificationSchemas['PreferencesUpdate'];

const TYPE_HELP: Record<NotificationType, string> = {
  'deal-assigned': 'A colleague makes you the owner of a deal.',
  'deal-moved': 'A colleague moves one of your deals to another stage.',
  'deal-won': 'One of your deals is won by someone else.',
  'deal-lost': 'One of your deals is lost by someone else.',
  'deal-rotting': 'One of your deals sits in its stage longer than the stage’s rotting days.',
  'task-assigned': 'A colleague assigns a task to you.',
  'task-reminder': 'A task of yours reaches its reminder time.',
  'task-overdue': 'A task of yours passes its due time.',
  'ticket-assigned': 'A ticket is assigned to you.',
  'ticket-sla-warning': 'A ticket of yours is about to breach its SLA.',
  'ticket-sla-breached': 'A ticket of yours has breached its SLA.',
  mention: 'Someone mentions you (@name) in a note.',
  'webhook-disabled': 'A webhook subscription is switched off after failing deliveries (admins).',
};

export const preferencesSchema = z.object({
  digestEnabled: z.boolean(),
  digestHour: z
    .number({ error: 'Pick the hour for your digest.' })
    .int({ error: 'Pick a whole hour.' })
    .min(0, { error: 'Pick an hour between 00:00 and 23:00.' })
    .max(23, { error: 'Pick an hour between 00:00 and 23:00.' }),
  types: z.record(z.string(), z.object({ inApp: z.boolean(), email: z.boolean() })),
});
export type PreferencesForm = z.infer<typeof preferencesSchema>;

/** The form's values for what the API answered. */
export function toForm(p: Preferences): PreferencesForm {
  const types: PreferencesForm['types'] = {};
  for (const [wire, view] of Object.entries(p.types ?? {})) {
    types[wire] = { inApp: view.channels?.includes('in-app') ?? false, email: view.channels?.includes('email') ?? false };
  }
  return { digestEnabled: p.digest?.enabled ?? false, digestHour: p.digest?.hour ?? 8, types };
}

/**
 * The PUT replaces the person's preferences, and a type it leaves out goes back to its default: so it lists the
 * types the person had chosen before and those changed in this form, and leaves the others on their defaults (which
 * may still change for everyone later).
 */
export function toUpdate(
  values: PreferencesForm,
  current: Preferences,
  changed: (wire: string) => boolean,
): PreferencesUpdate {
  const types: NonNullable<PreferencesUpdate['types']> = {};
  for (const [wire, choice] of Object.entries(values.types)) {
    if (current.types?.[wire]?.chosen || changed(wire)) {
      types[wire] = { channels: [...(choice.inApp ? ['in-app'] : []), ...(choice.email ? ['email'] : [])] };
    }
  }
  return { digest: { enabled: values.digestEnabled, hour: values.digestHour }, types };
}

/** The form field an API field problem belongs on (`digest.hour`, `types.mention.channels[0]`, …). */
export function fieldOf(apiField: string): FieldPath<PreferencesForm> | null {
  if (apiField === 'digest.hour') return 'digestHour';
  if (apiField === 'digest.enabled') return 'digestEnabled';
  const type = /^types\.([^.[]+)/.exec(apiField);
  if (type) return `types.${type[1]}`;
  return null;
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/**
 * Notification preferences, as notification-service keeps them: per type, the channels (in the app, email); a daily
 * email digest of unread notifications at an hour of the person's time zone. The address and the time zone are the
 * directory's, shown here and changed there.
 */
export function NotificationSettingsPage() {
  const preferences = useQuery({
    queryKey: preferencesKey,
    queryFn: async ({ signal }) =>
      dataOrThrow(await notificationApi.GET('/api/v1/notifications/preferences', { signal })),
  });
  return (
    <section>
      <p className={styles.back}>
        <Link to="/inbox">← Inbox</Link>
      </p>
      <h1>Notification settings</h1>
      {preferences.isPending && <p className="muted">Loading your preferences…</p>}
      {preferences.isError && (
        <p className="alert" role="alert">
          Could not load your preferences: {preferences.error.message}
        </p>
      )}
      {/* Mounted once the preferences are there, so a background refetch never overwrites what is being edited. */}
      {preferences.data && <PreferencesEditor current={preferences.data} />}
    </section>
  );
}

function PreferencesEditor({ current }: { current: Preferences }) {
  const queries = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useForm<PreferencesForm>({
    resolver: zodResolver(preferencesSchema),
    defaultValues: toForm(current),
  });
  const { register, handleSubmit, formState, setError, reset, watch } = form;
  const { errors, dirtyFields, isSubmitting } = formState;

  const save = useMutation({
    mutationFn: async (body: PreferencesUpdate) =>
      dataOrThrow(await notificationApi.PUT('/api/v1/notifications/preferences', { body })),
    onSuccess: (answer) => {
      queries.setQueryData(preferencesKey, answer);
      reset(toForm(answer));
      setSaved(true);
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) {
        setError('root.server', { message: e.message });
        return;
      }
      const problem = toFormProblem(e.problem, fieldOf);
      for (const [field, message] of Object.entries(problem.fields)) {
        setError(field as FieldPath<PreferencesForm>, { type: 'server', message }, { shouldFocus: true });
      }
      if (problem.general) setError('root.server', { message: problem.general });
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    const latest = queries.getQueryData<Preferences>(preferencesKey) ?? current;
    await save
      .mutateAsync(toUpdate(values, latest, (wire) => Boolean(dirtyFields.types?.[wire])))
      .catch(() => {});
  });

  const digestOn = watch('digestEnabled');
  const zone = current.digest?.zone ?? 'UTC';
  const rootError = errors.root?.server?.message;
  const known = new Set(TYPE_GROUPS.flatMap((g) => g.types as string[]));
  const others = Object.keys(current.types ?? {}).filter((t) => !known.has(t));
  const groups = others.length ? [...TYPE_GROUPS, { title: 'More', types: others as NotificationType[] }] : TYPE_GROUPS;

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate onChange={() => setSaved(false)}>
      {rootError && (
        <p className="alert" role="alert">
          {rootError}
        </p>
      )}
      <section className={`card ${styles.card}`} aria-labelledby="email-heading">
        <h2 id="email-heading">Email</h2>
        {current.email ? (
          <p className={styles.help}>
            Emails go to <strong>{current.email}</strong>, your address in the directory (change it there).
          </p>
        ) : (
          <p className={styles.help}>
            The directory has no email address for you, so nothing can be emailed to you; ask an administrator to add
            one.
          </p>
        )}
      </section>

      <section className={`card ${styles.card}`} aria-labelledby="digest-heading">
        <h2 id="digest-heading">Daily digest</h2>
        <label className={styles.check}>
          <input type="checkbox" {...register('digestEnabled')} />
          <span>Email me a daily digest of my unread notifications</span>
        </label>
        <div className={styles.field}>
          <label htmlFor="digest-hour">Send it at</label>
          <select
            id="digest-hour"
            {...register('digestHour', { valueAsNumber: true })}
            aria-invalid={errors.digestHour ? true : undefined}
            aria-describedby={`digest-hour-help${errors.digestHour ? ' digest-hour-error' : ''}`}
            disabled={!digestOn}
          >
            {Array.from({ length: 24 }, (_, hour) => (
              <option key={hour} value={hour}>
                {hourLabel(hour)}
              </option>
            ))}
          </select>
          <span id="digest-hour-help" className={styles.help}>
            In your time zone, {zone} (the directory’s).
          </span>
          {errors.digestHour && (
            <span id="digest-hour-error" className={styles.error}>
              {errors.digestHour.message}
            </span>
          )}
        </div>
      </section>

      <section className={`card ${styles.card}`} aria-labelledby="types-heading">
        <h2 id="types-heading">What you are told, and where</h2>
        <p className={styles.help}>
          Choose for each kind of notification whether it shows in your inbox here and whether it is emailed to you.
          Nothing is sent for your own actions.
        </p>
        {groups.map((group) => {
          const present = group.types.filter((t) => current.types?.[t]);
          if (!present.length) return null;
          return (
            <div key={group.title} className={styles.group}>
              <h3>{group.title}</h3>
              {present.map((wire) => (
                <TypeRow key={wire} wire={wire} current={current} register={register} errors={errors} />
              ))}
            </div>
          );
        })}
      </section>

      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={isSubmitting || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save preferences'}
        </button>
        <p role="status" className={styles.saved}>
          {saved && 'Preferences saved.'}
        </p>
      </div>
    </form>
  );
}

function TypeRow({
  wire,
  current,
  register,
  errors,
}: {
  wire: NotificationType;
  current: Preferences;
  register: ReturnType<typeof useForm<PreferencesForm>>['register'];
  errors: FieldErrors<PreferencesForm>;
}) {
  const view = current.types?.[wire];
  const off = view?.enabled === false;
  const error = errors.types?.[wire]?.message ?? errors.types?.[wire]?.inApp?.message;
  const helpId = `type-${wire}-help`;
  const errorId = `type-${wire}-error`;
  return (
    <fieldset
      className={styles.type}
      aria-describedby={`${helpId}${error ? ` ${errorId}` : ''}`}
      aria-invalid={error ? true : undefined}
    >
      <legend className={styles.typeName}>{typeLabel(wire)}</legend>
      <p id={helpId} className={styles.help}>
        {TYPE_HELP[wire] ?? ''}
        {off && ' Switched off for everyone by the administrators.'}
      </p>
      <div className={styles.channels}>
        <label className={styles.check}>
          <input type="checkbox" disabled={off} {...register(`types.${wire}.inApp`)} />
          <span>In the app</span>
        </label>
        <label className={styles.check}>
          <input type="checkbox" disabled={off} {...register(`types.${wire}.email`)} />
          <span>Email</span>
        </label>
      </div>
      {error && (
        <span id={errorId} className={styles.error}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

export default NotificationSettingsPage;
