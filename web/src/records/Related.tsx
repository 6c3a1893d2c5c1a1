import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { activityApi, contactApi, dealApi, type DealSchemas } from '../api/client';
import { dataOrThrow } from '../api/problems';
import { fullName, stageLabel } from '../contacts/format';
import type { RecordSubject } from './subject';
import styles from './RecordPage.module.css';

export type Deal = DealSchemas['DealResponse'];

const money = (amount: Deal['amount']) =>
  amount ? new Intl.NumberFormat(undefined, { style: 'currency', currency: amount.currency }).format(amount.value) : '';

/** The record's deals (by contact or company), newest first; shared with the composer's deal link. */
export function useDeals(subject: RecordSubject, enabled = true) {
  return useQuery({
    queryKey: ['deals', 'of', subject],
    enabled,
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await dealApi.GET('/api/v1/deals', {
          params: {
            query: subject.contactId
              ? { contactId: subject.contactId, limit: 50 }
              : { companyId: subject.companyId, limit: 50 },
          },
          signal,
        }),
      ).items ?? [],
  });
}

export function DealsList({ deals }: { deals: ReturnType<typeof useDeals> }) {
  return (
    <section className="card" aria-labelledby="deals-heading">
      <h2 id="deals-heading">Deals</h2>
      {deals.isPending ? (
        <p role="status">Loading deals…</p>
      ) : deals.isError ? (
        <p className="alert">Could not load deals: {deals.error.message}</p>
      ) : deals.data.length === 0 ? (
        <p className="muted">No deals.</p>
      ) : (
        <ul className={styles.related}>
          {deals.data.map((d) => (
            <li key={d.id}>
              <Link to={`/deals/${d.id}`}>{d.title}</Link>
              <span className="muted">
                {[money(d.amount), d.stageId && d.names?.[d.stageId], stageLabel(d.status)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TicketsList({ subject }: { subject: RecordSubject }) {
  const tickets = useQuery({
    queryKey: ['tickets', 'of', subject],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await activityApi.GET('/api/v1/tickets', {
          params: {
            query: subject.contactId
              ? { requesterContactId: subject.contactId, limit: 20 }
              : { companyId: subject.companyId, limit: 20 },
          },
          signal,
        }),
      ).items ?? [],
  });
  return (
    <section className="card" aria-labelledby="tickets-heading">
      <h2 id="tickets-heading">Tickets</h2>
      {tickets.isPending ? (
        <p role="status">Loading tickets…</p>
      ) : tickets.isError ? (
        <p className="muted">Tickets are not available: {tickets.error.message}</p>
      ) : tickets.data.length === 0 ? (
        <p className="muted">No tickets.</p>
      ) : (
        <ul className={styles.related}>
          {tickets.data.map((t) => (
            <li key={t.id}>
              <Link to={`/support/${t.id}`}>
                #{t.number} {t.subject}
              </Link>
              <span className="muted">{[stageLabel(t.status), t.priority].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CompanyContactsList({ companyId }: { companyId: string }) {
  const contacts = useQuery({
    queryKey: ['contacts', 'of-company', companyId],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await contactApi.GET('/api/v1/contacts', { params: { query: { companyId, limit: 50 } }, signal }),
      ).items ?? [],
  });
  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {contacts.isPending ? (
        <p role="status">Loading people…</p>
      ) : contacts.isError ? (
        <p className="alert">Could not load people: {contacts.error.message}</p>
      ) : contacts.data.length === 0 ? (
        <p className="muted">No people at this company yet.</p>
      ) : (
        <ul className={styles.related}>
          {contacts.data.map((c) => (
            <li key={c.id}>
              <Link to={`/contacts/${c.id}`}>{fullName(c)}</Link>
              {c.jobTitle && <span className="muted">{c.jobTitle}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
