import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { VirtualTable } from '../components/VirtualTable';
import tableStyles from '../components/VirtualTable.module.css';
import { type Contact, formatDate, fullName, primaryEmail, stageLabel } from './format';

const column = createColumnHelper<Contact>();

/** Columns; `optional` ones give way at phone width. */
const columns = [
  column.accessor((c) => fullName(c), {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <Link className={tableStyles.name} to={`/contacts/${info.row.original.id}`}>
        {info.getValue()}
      </Link>
    ),
    meta: { width: '24%' },
  }),
  column.accessor((c) => primaryEmail(c), { id: 'email', header: 'Email', meta: { width: '26%' } }),
  column.accessor((c) => c.phones?.[0]?.number ?? '', {
    id: 'phone',
    header: 'Phone',
    meta: { optional: true, width: '15%' },
  }),
  column.accessor('jobTitle', { id: 'jobTitle', header: 'Job title', meta: { optional: true, width: '15%' } }),
  column.accessor((c) => stageLabel(c.lifecycleStage), {
    id: 'stage',
    header: 'Stage',
    meta: { optional: true, width: '10%' },
  }),
  column.accessor((c) => (c.tags ?? []).join(', '), {
    id: 'tags',
    header: 'Tags',
    meta: { optional: true, width: '12%' },
  }),
  column.accessor((c) => formatDate(c.createdAt), {
    id: 'created',
    header: 'Created',
    meta: { optional: true, width: '10%' },
  }),
  column.accessor((c) => formatDate(c.updatedAt), {
    id: 'updated',
    header: 'Updated',
    meta: { optional: true, width: '10%' },
  }),
];

export interface ContactTableProps {
  contacts: Contact[];
  /** The columns to show, in order (column ids); all when absent. */
  visibleColumns?: string[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Rendered height before the browser measures (tests, first paint). */
  initialHeight?: number;
}

/** The contacts list: the shared virtualised table with the contact columns. */
export function ContactTable({ contacts, visibleColumns, ...rest }: ContactTableProps) {
  return (
    <VirtualTable
      visibleColumns={visibleColumns}
      rows={contacts}
      columns={columns}
      getRowId={(c, i) => c.id ?? String(i)}
      rowHref={(c) => `/contacts/${c.id}`}
      label="Contacts list"
      noun={['contact', 'contacts']}
      {...rest}
    />
  );
}
