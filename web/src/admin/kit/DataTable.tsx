import { type CSSProperties } from 'react';
import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { ColumnMeta } from '../../components/VirtualTable';
import styles from './admin.module.css';

interface Props<T> {
  rows: T[];
  // TanStack's column helper gives each column its own value type.
  columns: ColumnDef<T, any>[];
  getRowId: (row: T, index: number) => string;
  /** The table's caption (visually hidden unless `showCaption`). */
  caption: string;
  showCaption?: boolean;
}

/**
 * A short list (teams, members, webhook subscriptions, deliveries) as a plain TanStack table: every row in the DOM, the
 * `optional` columns giving way at phone width (as in VirtualTable).
 */
export function DataTable<T>({ rows, columns, getRowId, caption, showCaption }: Props<T>) {
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId });
  const meta = (def: ColumnDef<T, unknown>) => def.meta as ColumnMeta | undefined;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className={showCaption ? styles.caption : 'visually-hidden'}>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((h) => (
                <th
                  key={h.id}
                  scope="col"
                  className={meta(h.column.columnDef)?.optional ? styles.optional : undefined}
                  style={{ width: meta(h.column.columnDef)?.width } as CSSProperties}
                >
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={meta(cell.column.columnDef)?.optional ? styles.optional : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
