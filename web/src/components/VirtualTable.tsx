import { type CSSProperties, useEffect, useMemo, useRef } from 'react';
import {
  type ColumnDef,
  type ColumnOrderState,
  type Header,
  type VisibilityState,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useNavigate } from 'react-router';
import styles from './VirtualTable.module.css';

/**
 * Per column: `optional` columns give way at phone width; `width` is the column's share of the table, and
 * `phoneWidth` its share at phone width once the optional ones are gone.
 */
export interface ColumnMeta {
  optional?: boolean;
  width?: string;
  phoneWidth?: string;
}

export interface VirtualTableProps<T> {
  rows: T[];
  // TanStack's column helper gives each column its own value type.
  columns: ColumnDef<T, any>[];
  getRowId: (row: T, index: number) => string;
  /** Where a click on a row (outside its links) goes. */
  rowHref: (row: T) => string;
  /** The scrollable region's accessible name, e.g. "Contacts list". */
  label: string;
  /** The count's noun, singular and plural. */
  noun: [string, string];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Rendered height before the browser measures (tests, first paint). */
  initialHeight?: number;
  /** Each row's height in px (default 44, one line; two-line cells need more). */
  rowHeight?: number;
  /** Said after the count, e.g. how the rows are ordered. */
  footerNote?: string;
  /** The ids of the columns to show, in order (TanStack's column visibility and order); all, as defined, when absent. */
  visibleColumns?: string[];
}

/** TanStack's visibility and order state for the visible column ids. */
function columnState<T>(columns: ColumnDef<T, any>[], visible: string[] | undefined) {
  const columnVisibility: VisibilityState = {};
  const columnOrder: ColumnOrderState = visible ?? [];
  if (visible) {
    for (const c of columns) {
      const id = c.id ?? (c as { accessorKey?: string }).accessorKey;
      if (id) columnVisibility[id] = visible.includes(id);
    }
  }
  return { columnVisibility, columnOrder };
}

const columnMeta = <T,>(h: Header<T, unknown>) => h.column.columnDef.meta as ColumnMeta | undefined;

/**
 * A virtualised table shared by the lists (contacts, companies, the ticket queue): only the rows in view (plus a margin) are in the
 * DOM, so a list of 10k rows scrolls as smoothly as one of 50. Nearing the end asks for the next keyset page.
 */
export function VirtualTable<T>({
  rows: data,
  columns,
  getRowId,
  rowHref,
  label,
  noun,
  hasMore,
  loadingMore,
  onLoadMore,
  initialHeight = 600,
  rowHeight = 44,
  footerNote,
  visibleColumns,
}: VirtualTableProps<T>) {
  const navigate = useNavigate();
  const scroller = useRef<HTMLDivElement>(null);
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
    state: useMemo(() => columnState(columns, visibleColumns), [columns, visibleColumns]),
  });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
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
  const optional = useMemo(
    () => new Set(headers.filter((h) => columnMeta(h)?.optional).map((h) => h.id)),
    [headers],
  );
  const cellClass = (id: string) => (optional.has(id) ? styles.optional : undefined);

  return (
    <>
      <div ref={scroller} className={styles.scroller} tabIndex={0} role="region" aria-label={label}>
        <table
          className={styles.table}
          aria-rowcount={rows.length + 1}
          style={{ '--row-height': `${rowHeight}px` } as CSSProperties}
        >
          <thead>
            <tr aria-rowindex={1}>
              {headers.map((h) => (
                <th
                  key={h.id}
                  scope="col"
                  className={cellClass(h.id)}
                  data-phone-width={columnMeta(h)?.phoneWidth ? '' : undefined}
                  style={{ width: columnMeta(h)?.width, '--phone-width': columnMeta(h)?.phoneWidth } as CSSProperties}
                >
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
                    if (!(e.target instanceof Element && e.target.closest('a'))) void navigate(rowHref(row.original));
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
          {rows.length} {rows.length === 1 ? noun[0] : noun[1]}
          {hasMore ? ' shown, more available' : ''}
          {footerNote ? ` · ${footerNote}` : ''}
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

