import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { contactApi, type ContactSchemas } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { formatDate } from '../contacts/format';
import { InlineField } from '../records/InlineField';
import { etagOf, type MergePatch, type ShownField, useInlineEditor, type Versioned } from '../records/inlineEdit';
import { Composer } from '../records/Composer';
import { CompanyContactsList, DealsList, TicketsList, useDeals } from '../records/Related';
import { TasksPanel } from '../records/TasksPanel';
import { Timeline } from '../records/Timeline';
import { ExportMenu } from '../exports/ExportMenu';
import { DuplicatesNotice, useMergedRedirect } from '../duplicates/RecordDuplicates';
import { type Company, cityOf, SIZES } from './format';
import { validateCompany } from './CreateCompanyPage';
import styles from '../records/RecordPage.module.css';

type CompanyPatch = MergePatch<ContactSchemas['CompanyDetails']>;

const SHOWN: ShownField<Company>[] = [
  { label: 'Name', show: (c) => c.name ?? '' },
  { label: 'Domain', show: (c) => c.domain ?? '' },
  { label: 'Industry', show: (c) => c.industry ?? '' },
  { label: 'Size', show: (c) => c.size ?? '' },
  { label: 'City', show: (c) => c.address?.city ?? '' },
  { label: 'Tags', show: (c) => (c.tags ?? []).join(', ') },
];

function fieldOf(apiField: string): string | null {
  if (apiField.startsWith('tags')) return 'tags';
  if (apiField.startsWith('address')) return 'city';
  return ['name', 'domain', 'industry', 'size'].includes(apiField) ? apiField : null;
}

async function loadCompany(id: string, signal?: AbortSignal): Promise<Versioned<Company>> {
  const result = await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal });
  const record = dataOrThrow(result);
  return { record, etag: etagOf(result.response, record.version) };
}

/** A company's record page: details edited in place, its people, deals, tasks and tickets, and its timeline. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const queryKey = useMemo(() => ['company', id, 'versioned'], [id]);
  const company = useQuery({ queryKey, queryFn: ({ signal }) => loadCompany(id, signal) });
  const deals = useDeals({ companyId: id }, !!id);
  const load = useCallback(() => loadCompany(id), [id]);
  const patch = useCallback(
    async (body: object, etag: string): Promise<Versioned<Company>> => {
      const result = await contactApi.PATCH('/api/v1/companies/{id}', {
        params: { path: { id }, header: { 'If-Match': etag } },
        body: body as ContactSchemas['CompanyDetails'],
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
      const record = dataOrThrow(result);
      return { record, etag: etagOf(result.response, record.version) };
    },
    [id],
  );
  const editor = useInlineEditor<Company>({ queryKey, load, patch, fields: SHOWN, fieldOf });
  // A company merged away: its GET followed the 301 to the survivor; move to the survivor's own address.
  const moved = useMergedRedirect('companies', id, company.data, (loaded) => ['company', loaded, 'versioned']);

  if (company.isPending || moved) return <p role="status">Loading company…</p>;
  if (company.isError) {
    const missing = company.error instanceof ApiError && company.error.status === 404;
    return (
      <section>
        <h1>{missing ? 'Company not found' : 'Could not load the company'}</h1>
        {!missing && <p className="alert">{company.error.message}</p>}
        <Link to="/companies">Back to companies</Link>
      </section>
    );
  }
  const c = company.data.record;
  const subject = { companyId: id };
  const check = (field: 'name' | 'domain' | 'industry') => (v: string) =>
    validateCompany({ name: c.name ?? '', domain: '', industry: '', size: '', [field]: v })[field];

  return (
    <article className={styles.page}>
      <Link to="/companies" className={styles.back}>
        ← Companies
      </Link>
      <div className={styles.header}>
        <h1>{c.name || '(no name)'}</h1>
        <span className={styles.subtitle}>{[c.industry, cityOf(c)].filter(Boolean).join(' · ')}</span>
      </div>
      <DuplicatesNotice kind="companies" id={id} />
      <div className={styles.layout}>
        <section className={`card ${styles.details}`} aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl className={styles.fields}>
            <InlineField name="name" label="Name" value={c.name ?? ''} validate={check('name')} toPatch={(v): CompanyPatch => ({ name: v.trim() })} editor={editor} />
            <InlineField
              name="domain"
              label="Domain"
              value={c.domain ?? ''}
              action={c.domain ? <a href={`https://${c.domain}`} rel="noreferrer" target="_blank">Website</a> : undefined}
              validate={check('domain')}
              toPatch={(v): CompanyPatch => ({ domain: v.trim().toLowerCase() || null })}
              editor={editor}
            />
            <InlineField name="industry" label="Industry" value={c.industry ?? ''} validate={check('industry')} toPatch={(v): CompanyPatch => ({ industry: v.trim() || null })} editor={editor} />
            <InlineField
              name="size"
              label="Size"
              type="select"
              value={c.size ?? ''}
              options={[{ value: '', label: 'Not known' }, ...SIZES.map((s) => ({ value: s, label: s }))]}
              toPatch={(v): CompanyPatch => ({ size: v || null })}
              editor={editor}
            />
            <InlineField
              name="city"
              label="City"
              value={c.address?.city ?? ''}
              display={cityOf(c) || '—'}
              validate={(v) => (v.length > 100 ? 'At most 100 characters.' : undefined)}
              toPatch={(v): CompanyPatch => ({ address: { ...(c.address ?? {}), city: v.trim() || null } as CompanyPatch['address'] })}
              editor={editor}
            />
            <InlineField
              name="tags"
              label="Tags"
              value={(c.tags ?? []).join(', ')}
              hint="Comma-separated"
              toPatch={(v): CompanyPatch => ({ tags: v.split(',').map((t) => t.trim()).filter(Boolean) })}
              editor={editor}
            />
            <dt>Owner</dt>
            <dd>{c.ownerId || '—'}</dd>
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
            <ExportMenu kind="activities" label="Export activities" filters={{ companyId: id, sort: '-occurred' }} columns={[]} />
          </div>
          <Composer
            subject={subject}
            deals={(deals.data ?? []).filter((d) => d.status === 'open').map((d) => ({ id: d.id!, title: d.title ?? '' }))}
          />
          <Timeline subject={subject} />
        </section>
        <div className={styles.side}>
          <CompanyContactsList companyId={id} />
          <DealsList deals={deals} />
          <TasksPanel subject={subject} />
          <TicketsList subject={subject} />
        </div>
      </div>
    </article>
  );
}
