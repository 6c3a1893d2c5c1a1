import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { contactApi } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { formatDate, fullName, stageLabel } from './format';
import styles from './ContactPage.module.css';

/** A contact's record page: who they are, how to reach them, their company and stage. */
export function ContactPage() {
  const { id = '' } = useParams();
  const contact = useQuery({
    queryKey: ['contact', id],
    queryFn: async ({ signal }) =>
      dataOrThrow(await contactApi.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal })),
  });
  const companyId = contact.data?.companyId;
  const company = useQuery({
    queryKey: ['company', companyId],
    enabled: !!companyId,
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/companies/{id}', { params: { path: { id: companyId! } }, signal }),
      ),
  });

  if (contact.isPending) return <p role="status">Loading contact…</p>;
  if (contact.isError) {
    const missing = contact.error instanceof ApiError && contact.error.status === 404;
    return (
      <section>
        <h1>{missing ? 'Contact not found' : 'Could not load the contact'}</h1>
        {!missing && <p className="alert">{contact.error.message}</p>}
        <Link to="/contacts">Back to contacts</Link>
      </section>
    );
  }
  const c = contact.data;
  return (
    <article>
      <Link to="/contacts" className={styles.back}>
        ← Contacts
      </Link>
      <div className={styles.header}>
        <h1>{fullName(c)}</h1>
        <span className={styles.subtitle}>
          {[c.jobTitle, company.data?.name].filter(Boolean).join(' at ')}
        </span>
      </div>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className={styles.details}>
          <dt>Email</dt>
          <dd>
            {(c.emails ?? []).length
              ? (c.emails ?? []).map((e) => (
                  <div key={e.address}>
                    <a href={`mailto:${e.address}`}>{e.address}</a>
                    {e.primary && (c.emails ?? []).length > 1 ? ' (primary)' : ''}
                  </div>
                ))
              : '—'}
          </dd>
          <dt>Phone</dt>
          <dd>
            {(c.phones ?? []).length
              ? (c.phones ?? []).map((p) => (
                  <div key={p.number}>
                    <a href={`tel:${p.number.replaceAll(' ', '')}`}>{p.number}</a>
                    {p.type ? ` (${p.type})` : ''}
                  </div>
                ))
              : '—'}
          </dd>
          <dt>Company</dt>
          <dd>{companyId ? (company.data?.name ?? '…') : '—'}</dd>
          <dt>Lifecycle stage</dt>
          <dd>{stageLabel(c.lifecycleStage) || '—'}</dd>
          <dt>Lead source</dt>
          <dd>{c.leadSource || '—'}</dd>
          <dt>Tags</dt>
          <dd>{(c.tags ?? []).join(', ') || '—'}</dd>
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
    </article>
  );
}
