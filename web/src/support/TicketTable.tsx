import { useMemo } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { VirtualTable } from '../components/VirtualTable';
import { SlaCountdown } from './SlaCountdown';
import { label, type Ticket } from './sla';
import { teamName } from './tickets';
import { PriorityBadge, StatusBadge } from './badges';
import styles from './TicketTable.module.css';

interface TableContext {
  teams: { id: string; name: string }[] | undefined;
  now: number;
}

const column = createColumnHelper<Ticket>();

function makeColumns({ teams, now }: TableContext) {
  return [
    column.accessor('subject', {
      header: 'Ticket',
      cell: (info) => {
        const t = info.row.original;
        return (
          <div className={styles.ticketCell}>
            <Link className={styles.subject} to={`/support/${t.id}`}>
              {t.subject || '(no subject)'}
            </Link>
            <span className={styles.meta}>
              #{t.number}
              {t.channel ? ` · ${label(t.channel)}` : ''}
              <span className={styles.phoneOnly}>
                {' · '}
                {label(t.status)} · {label(t.priority)}
              </span>
            </span>
          </div>
        );
      },
      meta: { width: '34%', phoneWidth: '62%' },
    }),
    column.accessor('status', {
      header: 'Status',
      cell: (info) => <StatusBadge status={info.getValue()} />,
      meta: { optional: true, width: '11%' },
    }),
    column.accessor('priority', {
      header: 'Priority',
      cell: (info) => <PriorityBadge priority={info.getValue()} />,
      meta: { optional: true, width: '10%' },
    }),
    column.display({
      id: 'sla',
      header: 'SLA',
      cell: (info) => <SlaCountdown ticket={info.row.original} now={now} />,
      meta: { width: '19%', phoneWidth: '38%' },
    }),
    column.accessor((t) => t.assignee ?? '', {
      id: 'assignee',
      header: 'Assignee',
      cell: (info) => info.getValue() || <span className="muted">Unassigned</span>,
      meta: { optional: true, width: '11%' },
    }),
    column.accessor((t) => teamName(teams, t.team), { id: 'team', header: 'Team', meta: { optional: true, width: '15%' } }),
  ];
}

export interface TicketTableProps {
  tickets: Ticket[];
  teams: { id: string; name: string }[] | undefined;
  now: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  initialHeight?: number;
}

/** The queue as a virtualised table (only rows in view are in the DOM); at phone width it keeps ticket and SLA. */
export function TicketTable({ tickets, teams, now, ...paging }: TicketTableProps) {
  const columns = useMemo(() => makeColumns({ teams, now }), [teams, now]);
  return (
    <VirtualTable
      rows={tickets}
      columns={columns}
      getRowId={(t, i) => t.id ?? String(i)}
      rowHref={(t) => `/support/${t.id}`}
      label="Ticket queue"
      noun={['ticket', 'tickets']}
      rowHeight={60}
      footerNote="most urgent first"
      {...paging}
    />
  );
}
