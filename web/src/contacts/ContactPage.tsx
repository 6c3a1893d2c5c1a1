import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { contactApi, type ContactSchemas } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { useSession } from '../auth/AuthContext';
import { InlineField } from '../records/InlineField';
import { etagOf, type MergePatch, type ShownField, useInlineEditor, type Versioned } from '../records/inlineEdit';
import { Composer } from '../records/Composer';
import { DealsList, TicketsList, useDeals } from '../records/Related';
import { TasksPanel } from '../records/TasksPanel';
import { Timeline } from '../records/Timeline';
import { ExportMenu } from '../exports/ExportMenu';
import { DuplicatesNotice, useMergedRedirect } from '../duplicates/RecordDuplicates';
import { type Contact, formatDate, fullName, primaryEmail, stageLabel } from './format';
import styles from '../records/RecordPage.module.css';

type ContactPatch = MergePatch<ContactSchemas['ContactDetails']>;

const STAGES = ['subscriber', 'lead', 'marketing-qualified', 'sales-qualified', 'opportunity', 'customer', 'evangelist', 'other'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;

const maxLength = (n: number) => (v: string) => (v.length > n ? `At most ${n} characters.` : undefined);

/** The fields people see, to tell them what someone else changed after a 412. */
const SHOWN: ShownField<Contact>[] = [
  { label: 'First name', show: (c) => c.firstName ?? '' },
  { label: 'Last name', show: (c) => c.lastName ?? '' },
  { label: 'Job title', show: (c) => c.jobTitle ?? '' },
  { label: 'Email', show: (c) => primaryEmail(c) },
  { label: 'Phone', show: (c) => c.phones?.[0]?.number ?? '' },
  { label: 'Lifecycle stage', show: (c) => stageLabel(c.lifecycleStage) },
  { label: 'Lead source', show: (c) => c.leadSource ?? '' },
  { label: 'Tags', show: (c) => (c.tags ?? []).join(', ') },
];

/** Where a field error of the API belongs among the inline fields. */
function fieldOf(apiField: string): string | null {
  if (apiField.startsWith('emails')) return 'email';
  if (apiField.startsWith('phones')) return 'phone';
  if (apiField.startsWith('tags')) return 'tags';
  return ['firstName', 'lastName', 'jobTitle', 'lifecycleStage', 'leadSource'].includes(apiField) ? apiField : null;
}

async function loadContact(id: string, signal?: AbortSignal): Promise<Versioned<Contact>> {
  const result = await contactApi.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal });
  const record = dataOrThrow(result);
  return { record, etag: etagOf(result.response, record.version) };
}

/**
 * A contact's record page: details edited in place, their company, deals, open tasks and tickets, and the timeline
 * with a composer to log a call, email, meeting or note.
 */
export function ContactPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const queryKey = useMemo(() => ['contact', id], [id]);
  const contact = useQuery({ queryKey, queryFn: ({ signal }) => loadContact(id, signal) });
  const companyId = contact.data?.record.companyId;
  const company = useQuery({
    queryKey: ['company', companyId],
    enabled: !!companyId,
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id: companyId! } }, signal }),
      ),
  });
  const deals = useDeals({ contactId: id }, !!id);

  const load = useCallback(() => loadContact(id), [id]);
  const patch = useCallback(
    async (body: object, etag: string): Promise<Versioned<Contact>> => {
      const result = await contactApi.PATCH('/api/v1/contacts/{id}', {
        params: { path: { id }, header: { 'If-Match': etag } },
        body: body as ContactSchemas['ContactDetails'],
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
      const record = dataOrThrow(result);
      return { record, etag: etagOf(result.response, record.version) };
    },
    [id],
  );
  const editor = useInlineEditor<Contact>({ queryKey, load, patch, fields: SHOWN, fieldOf });
  // A contact merged away: its GET followed the 301 to the survivor; move to the survivor's own address.
  const moved = useMergedRedirect('contacts', id, contact.data, (loaded) => ['contact', loaded]);

  if (contact.isPending || moved) return <p role="status">Loading contact…</p>;
  if (contact.isError) {
    const missing = contact.error instanceof ApiError && (contact.error.status === 404 || contact.error.status === 410);
    return (
      <section>
        <h1>{missing ? 'Contact not found' : 'Could not load the contact'}</h1>
        {!missing && <p className="alert">{contact.error.message}</p>}
        <Link to="/contacts">Back to contacts</Link>
      </section>
    );
  }
  const c = contact.data.record;
  const email = primaryEmail(c);
  const phone = c.phones?.[0]?.number ?? '';
  const subject = { contactId: id, companyId: c.companyId };
  const text = (name: keyof ContactPatch & string, label: string, limit: number) => (
    <InlineField
      name={name}
      label={label}
      value={(c[name as keyof Contact] as string | undefined) ?? ''}
      validate={maxLength(limit)}
      toPatch={(v): ContactPatch => ({ [name]: v.trim() || null })}
      editor={editor}
    />
  );

  return (
    <article className={styles.page}>
      <Link to="/contacts" className={styles.back}>
        ← Contacts
      </Link>
      <div className={styles.header}>
        <h1>{fullName(c)}</h1>
        <span className={styles.subtitle}>{[c.jobTitle, company.data?.name].filter(Boolean).join(' at ')}</span>
      </div>
      <DuplicatesNotice kind="contacts" id={id} />
      <div className={styles.layout}>
        <section className={`card ${styles.details}`} aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className={styles.fields}>
            {text('firstName', 'First name', 100)}
            {text('lastName', 'Last name', 100)}
            {text('jobTitle', 'Job title', 200)}
            <InlineField
              name="email"
              label="Email"
              type="email"
              value={email}
              action={email ? <a href={`mailto:${email}`}>Send email</a> : undefined}
              validate={(v) => (v.trim() && !EMAIL.test(v.trim()) ? 'Enter an email address such as ana@example.com.' : undefined)}
              toPatch={(v): ContactPatch => {
                // The primary address is replaced; the others stay.
                const others = (c.emails ?? []).filter((e) => e.address !== email);
                return { emails: v.trim() ? [{ address: v.trim(), primary: true }, ...others.map((e) => ({ ...e, primary: false }))] : others };
              }}
              editor={editor}
            />
            <InlineField
              name="phone"
              label="Phone"
              type="tel"
              value={phone}
              action={phone ? <a href={`tel:${phone.replaceAll(' ', '')}`}>Call</a> : undefined}
              validate={(v) => (v.trim() && !PHONE.test(v.trim()) ? 'Enter a phone number such as +49 30 1234567.' : undefined)}
              toPatch={(v): ContactPatch => {
                const rest = (c.phones ?? []).slice(1);
                return { phones: v.trim() ? [{ number: v.trim(), type: c.phones?.[0]?.type ?? 'work' }, ...rest] : rest };
              }}
              editor={editor}
            />
            <dt>Company</dt>
            <dd>{companyId ? <Link to={`/companies/${companyId}`}>{company.data?.name ?? 'Company'}</Link> : '—'}</dd>
            <InlineField
              name="lifecycleStage"
              label="Lifecycle stage"
              type="select"
              value={c.lifecycleStage ?? ''}
              display={stageLabel(c.lifecycleStage) || '—'}
              options={[{ value: '', label: '—' }, ...STAGES.map((s) => ({ value: s, label: stageLabel(s) }))]}
              toPatch={(v): ContactPatch => ({ lifecycleStage: (v || null) as ContactPatch['lifecycleStage'] })}
              editor={editor}
            />
            {text('leadSource', 'Lead source', 100)}
            <InlineField
              name="tags"
              label="Tags"
              value={(c.tags ?? []).join(', ')}
              hint="Comma-separated"
              validate={(v) => (v.split(',').some((t) => t.trim().length > 50) ? 'Each tag at most 50 characters.' : undefined)}
              toPatch={(v): ContactPatch => ({ tags: v.split(',').map((t) => t.trim()).filter(Boolean) })}
              editor={editor}
            />
            <dt>Owner</dt>
            <dd>{c.ownerId || '—'}</dd>
            <dt>Email consent</dt>
            <dd>{c.consent?.status ?? '—'}</dd>
            <dt>Created</dt>
            <dd>{formatDate(c.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>{formatDate(c.updatedAt)}</dd>
          </dl>
        </section>
        <section className={`card ${styles.activity}`} aria-labelledby="activity-heading">
          <div className={styles.sectionHead}>
            <h2 id="activity-heading">Activity</h2>
            {/* The timeline's calls, emails, meetings and notes (not its tasks and tickets). */}
            <ExportMenu kind="activities" label="Export activities" filters={{ contactId: id, sort: '-occurred' }} columns={[]} />
          </div>
          <Composer
            subject={subject}
            deals={(deals.data ?? []).filter((d) => d.status === 'open').map((d) => ({ id: d.id!, title: d.title ?? '' }))}
            contactEmail={email}
            userEmail={(session.user.profile.email as string | undefined) ?? ''}
          />
          <Timeline subject={subject} />
        </section>
        <div className={styles.side}>
          <TasksPanel subject={subject} />
          <DealsList deals={deals} />
          <TicketsList subject={{ contactId: id }} />
        </div>
      </div>
    </article>
  );
}
