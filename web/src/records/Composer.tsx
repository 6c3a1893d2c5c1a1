import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { activityApi, type ActivitySchemas } from '../api/client';
import { ApiError, dataOrThrow, toFormProblem } from '../api/problems';
import { type RecordSubject, type TimelineItem, timelineKey, toLocalInput } from './subject';
import styles from './Composer.module.css';

export type ActivityType = 'call' | 'email' | 'meeting' | 'note';
type Field = 'body' | 'when' | 'duration' | 'direction' | 'outcome' | 'subject' | 'to' | 'from' | 'deal';
type Values = Record<Field, string>;
type Errors = Partial<Record<Field | 'form', string>>;

const TYPES: { value: ActivityType; label: string }[] = [
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'Email' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'note', label: 'Note' },
];
const OUTCOMES = [
  { value: '', label: 'Not recorded' },
  { value: 'connected', label: 'Connected' },
  { value: 'no-answer', label: 'No answer' },
  { value: 'left-voicemail', label: 'Left voicemail' },
  { value: 'busy', label: 'Busy' },
  { value: 'wrong-number', label: 'Wrong number' },
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the composer checks before asking the server (the server's problem details fill in the rest). */
export function validateActivity(type: ActivityType, v: Values): Errors {
  const errors: Errors = {};
  const when = v.when ? new Date(v.when) : null;
  if (!when || Number.isNaN(when.getTime())) errors.when = 'Enter the date and time.';
  if ((type === 'call' || type === 'meeting') && v.duration.trim()) {
    const minutes = Number(v.duration);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) errors.duration = 'Minutes, a whole number from 0 to 1440.';
  }
  if (type === 'meeting' && !(Number(v.duration) > 0)) errors.duration ??= 'How long the meeting took, in minutes.';
  if (type === 'note' && !v.body.trim()) errors.body = 'Write the note.';
  if (type === 'email') {
    if (!v.subject.trim()) errors.subject = 'Enter the subject.';
    if (!v.from.trim()) errors.from = 'Enter who sent it.';
    const to = v.to.split(',').map((s) => s.trim()).filter(Boolean);
    if (!to.length) errors.to = 'Enter at least one recipient.';
    else if (to.some((a) => !EMAIL.test(a))) errors.to = 'Enter email addresses such as ana@example.com, comma-separated.';
  }
  if (v.body.length > 100_000) errors.body = 'At most 100,000 characters.';
  return errors;
}

/** Where a field error of the API belongs on the composer. */
function fieldOf(apiField: string): Field | null {
  if (apiField === 'body') return 'body';
  if (apiField === 'occurredAt' || apiField === 'startsAt') return 'when';
  if (apiField === 'durationSeconds' || apiField === 'endsAt') return 'duration';
  if (apiField === 'dealId') return 'deal';
  if (apiField.startsWith('to')) return 'to';
  if (apiField === 'from' || apiField === 'subject' || apiField === 'direction' || apiField === 'outcome') return apiField;
  return null;
}

/** The request a form's values make: only the fields the type takes (the API refuses the others). */
export function activityBody(
  type: ActivityType,
  v: Values,
  subject: RecordSubject,
  /** The exact time, when the user left the prefilled "now" (the input has only minutes). */
  now?: Date,
): ActivitySchemas['ActivityDetails'] {
  const at = now ?? new Date(v.when);
  const minutes = v.duration.trim() ? Number(v.duration) : undefined;
  const body: ActivitySchemas['ActivityDetails'] = {
    type,
    body: v.body.trim() || undefined,
    contactIds: subject.contactId ? [subject.contactId] : [],
    companyId: subject.companyId,
    dealId: v.deal || undefined,
  };
  if (type === 'call') {
    body.occurredAt = at.toISOString();
    body.direction = v.direction === 'inbound' ? 'inbound' : 'outbound';
    body.durationSeconds = minutes !== undefined ? minutes * 60 : undefined;
    body.outcome = (v.outcome || undefined) as ActivitySchemas['ActivityDetails']['outcome'];
  } else if (type === 'email') {
    body.occurredAt = at.toISOString();
    body.direction = v.direction === 'inbound' ? 'inbound' : 'outbound';
    body.subject = v.subject.trim();
    body.from = v.from.trim();
    body.to = v.to.split(',').map((s) => s.trim()).filter(Boolean);
  } else if (type === 'meeting') {
    body.startsAt = at.toISOString();
    body.endsAt = new Date(at.getTime() + (minutes ?? 0) * 60_000).toISOString();
  } else {
    body.occurredAt = at.toISOString();
  }
  return body;
}

export interface ComposerProps {
  subject: RecordSubject;
  /** Deals the activity may be linked to. */
  deals?: { id: string; title: string }[];
  /** Prefills for an email: the record's address and the signed-in user's. */
  contactEmail?: string;
  userEmail?: string;
}

/**
 * Logs a call, email, meeting or note on the record: a segmented control picks the type, and the form shows the
 * fields that type takes (date and time, duration for calls and meetings, an optional deal). The new entry is put at
 * the top of the timeline as soon as the service answers, then the timeline refetches.
 */
export function Composer({ subject, deals = [], contactEmail = '', userEmail = '' }: ComposerProps) {
  const queries = useQueryClient();
  const id = useId();
  const [type, setType] = useState<ActivityType>('call');
  const fresh = (): Values => ({
    body: '',
    when: toLocalInput(new Date()),
    duration: '',
    direction: 'outbound',
    outcome: '',
    subject: '',
    to: contactEmail,
    from: userEmail,
    deal: '',
  });
  const [values, setValues] = useState<Values>(fresh);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Errors>({});
  const [logged, setLogged] = useState<string | null>(null);
  // Untouched, the date and time is "now" at the moment of logging (to the second, so it sorts above what came
  // before it in the same minute).
  const [whenTouched, setWhenTouched] = useState(false);

  const log = useMutation({
    mutationFn: async (body: ActivitySchemas['ActivityDetails']) =>
      dataOrThrow(
        await activityApi.POST('/api/v1/activities', {
          body,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
    onSuccess: (activity) => {
      // At the top of the timeline at once: the answer is the activity as stored.
      const key = timelineKey(subject);
      queries.setQueryData<InfiniteData<ActivitySchemas['PageTimelineItem']>>(key, (data) => {
        const item: TimelineItem = {
          kind: 'activity',
          id: activity.id,
          at: activity.occurredAt,
          activity,
          names: Object.fromEntries(deals.map((d) => [d.id, d.title])),
        };
        if (!data?.pages.length) return data;
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first, items: [item, ...(first!.items ?? []).filter((i) => i.id !== item.id)] }, ...rest] };
      });
      void queries.invalidateQueries({ queryKey: key });
      setLogged(`${TYPES.find((t) => t.value === activity.type)?.label ?? 'Activity'} logged.`);
      setValues(fresh());
      setWhenTouched(false);
      setSubmitted(false);
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        const problem = toFormProblem(e.problem, fieldOf);
        setServer({ ...problem.fields, form: problem.general ?? undefined });
      } else {
        setServer({ form: e.message });
      }
    },
  });

  const local = validateActivity(type, values);
  const errorOf = (f: Field) => (submitted ? local[f] : undefined) || server[f];
  const set = (f: Field, value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    if (f === 'when') setWhenTouched(true);
    if (server[f]) setServer((s) => ({ ...s, [f]: undefined }));
    setLogged(null);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServer({});
    setLogged(null);
    if (Object.keys(local).length === 0) log.mutate(activityBody(type, values, subject, whenTouched ? undefined : new Date()));
  };

  const control = (f: Field, label: string, input: (props: Record<string, unknown>) => ReactNode, wide = false) => {
    const error = errorOf(f);
    const inputId = `${id}-${f}`;
    return (
      <div className={wide ? `${styles.field} ${styles.wide}` : styles.field}>
        <label htmlFor={inputId}>{label}</label>
        {input({
          id: inputId,
          name: f,
          value: values[f],
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${inputId}-error` : undefined,
          onChange: (e: { target: { value: string } }) => set(f, e.target.value),
        })}
        {error && (
          <span id={`${inputId}-error`} className={styles.error}>
            {error}
          </span>
        )}
      </div>
    );
  };

  const bodyLabel = type === 'note' ? 'Note text' : type === 'email' ? 'Message' : 'Notes';
  return (
    <form className={styles.composer} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        Log an activity
      </h2>
      <fieldset className={styles.types}>
        <legend className="visually-hidden">Activity type</legend>
        {TYPES.map((t) => (
          <label key={t.value} className={styles.segment}>
            <input
              type="radio"
              name={`${id}-type`}
              value={t.value}
              checked={type === t.value}
              onChange={() => {
                setType(t.value);
                setServer({});
                setSubmitted(false);
                setLogged(null);
              }}
            />
            <span>{t.label}</span>
          </label>
        ))}
      </fieldset>
      {(submitted && local.form) || server.form ? (
        <p className="alert" role="alert">
          {server.form ?? local.form}
        </p>
      ) : null}
      <div className={styles.grid}>
        {type === 'email' && (
          <>
            {control('subject', 'Subject', (p) => <input type="text" {...p} />, true)}
            {control('from', 'From', (p) => <input type="email" autoComplete="off" {...p} />)}
            {control('to', 'To', (p) => <input type="text" autoComplete="off" {...p} />)}
          </>
        )}
        {control(
          'body',
          bodyLabel,
          (p) => <textarea rows={type === 'note' ? 4 : 3} {...p} />,
          true,
        )}
        {control('when', type === 'meeting' ? 'Starts' : 'When', (p) => <input type="datetime-local" {...p} />)}
        {(type === 'call' || type === 'meeting') &&
          control('duration', 'Duration (minutes)', (p) => <input type="number" inputMode="numeric" min={0} max={1440} step={1} {...p} />)}
        {(type === 'call' || type === 'email') &&
          control('direction', 'Direction', (p) => (
            <select {...p}>
              <option value="outbound">Outbound</option>
              <option value="inbound">Inbound</option>
            </select>
          ))}
        {type === 'call' &&
          control('outcome', 'Outcome', (p) => (
            <select {...p}>
              {OUTCOMES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ))}
        {deals.length > 0 &&
          control('deal', 'Deal (optional)', (p) => (
            <select {...p}>
              <option value="">No deal</option>
              {deals.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          ))}
      </div>
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={log.isPending}>
          {log.isPending ? 'Logging…' : `Log ${type}`}
        </button>
        <span role="status" className="muted">
          {logged}
        </span>
      </div>
    </form>
  );
}
