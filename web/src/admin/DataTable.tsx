import { useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import styles from './Admin.module.css';

/** A column's extras: `className` on its header and cells (e.g. styles.wide, hidden at phone width). */
export interface ColumnMeta {
  className?: string;
}

interface Props<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  caption: string;
  getRowId: (row: T) => string;
  /** Sortable by clicking a header, starting from this order. */
  initialSort?: SortingState;
}

/** The admin screens' tables (TanStack Table): a caption for assistive technology, optional sorting by header. */
export function DataTable<T>({ data, columns, caption, getRowId, initialSort }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? []);
  const sortable = !!initialSort;
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    enableSorting: sortable,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId,
  });
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const meta = header.column.columnDef.meta as ColumnMeta | undefined;
              const label = flexRender(header.column.columnDef.header, header.getContext());
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={meta?.className}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button type="button" className={styles.sortButton} onClick={header.column.getToggleSortingHandler()}>
                      {label}
                      <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getVisibleCells().map((cell) => {
              const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
              return (
                <td key={cell.id} className={meta?.className}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
