import { useEffect, useMemo, useRef } from 'react';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useNavigate } from 'react-router';
import { SlaCountdown } from './SlaCountdown';
import { label, type Ticket } from './sla';
import { teamName } from './tickets';
import { PriorityBadge, StatusBadge } from './badges';
import styles from './TicketTable.module.css';

interface ColumnMeta {
  optional?: boolean;
  width?: string;
}

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
      meta: { width: '34%' },
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
      meta: { width: '19%' },
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
export function TicketTable({ tickets, teams, now, hasMore, loadingMore, onLoadMore, initialHeight = 600 }: TicketTableProps) {
  const navigate = useNavigate();
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => makeColumns({ teams, now }), [teams, now]);
  const table = useReactTable({ data: tickets, columns, getCoreRowModel: getCoreRowModel(), getRowId: (t, i) => t.id ?? String(i) });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 60,
    overscan: 10,
    initialRect: { width: 1000, height: initialHeight },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 10) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const paddingTop = items.length ? items[0]!.start : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const headers = table.getHeaderGroups()[0]!.headers;
  const meta = (id: string) => headers.find((h) => h.id === id)?.column.columnDef.meta as ColumnMeta | undefined;
  const cellClass = (id: string) => [styles[`col-${id}`], meta(id)?.optional ? styles.optional : ''].filter(Boolean).join(' ') || undefined;

  return (
    <>
      <div ref={scroller} className={styles.scroller} tabIndex={0} role="region" aria-label="Ticket queue">
        <table className={styles.table} aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {headers.map((h) => (
                <th key={h.id} scope="col" className={cellClass(h.id)} style={{ width: meta(h.id)?.width }}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={headers.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <tr
                  key={row.id}
                  className={styles.row}
                  aria-rowindex={item.index + 2}
                  onClick={(e) => {
                    if (!(e.target instanceof HTMLAnchorElement)) void navigate(`/support/${row.id}`);
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={cellClass(cell.column.id)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={headers.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className={styles.footer}>
        <span className="muted" aria-live="polite">
          {rows.length} {rows.length === 1 ? 'ticket' : 'tickets'}
          {hasMore ? ' shown, more available' : ''} · most urgent first
        </span>
        {hasMore && (
          <button type="button" className="button" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </>
  );
}
