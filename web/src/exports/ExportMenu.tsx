import { useState } from 'react';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { messageOf } from '../admin/kit/formProblem';
import { saveBlob } from '../dashboards/reports';
import { type ExportFilters, type ExportFormat, type ExportKind, downloadExport } from './exports';
import styles from './ExportMenu.module.css';

interface Props {
  kind: ExportKind;
  /** The list's current filters, as its API query (the export takes the same names). */
  filters: ExportFilters;
  /** The list's visible columns, in order (the export takes the list's column ids). */
  columns: string[];
}

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'xlsx', label: 'Export XLSX' },
];

/**
 * "Export" on a list: a menu (Radix, non-modal: the app's CSP refuses the style element a modal one injects) of CSV
 * and XLSX; the file holds the rows the list shows with its filters, and its visible columns.
 */
export function ExportMenu({ kind, filters, columns }: Props) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const { blob, fileName } = await downloadExport(kind, filters, columns, format);
      saveBlob(blob, fileName);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className={styles.wrap}>
      <Menu.Root modal={false}>
        <Menu.Trigger className="button" disabled={busy !== null}>
          {busy ? `Exporting ${busy.toUpperCase()}…` : 'Export'}
          <span aria-hidden="true">▾</span>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className={styles.menu} align="end" sideOffset={4}>
            {FORMATS.map((f) => (
              <Menu.Item key={f.format} className={styles.item} onSelect={() => void run(f.format)}>
                {f.label}
              </Menu.Item>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {error && (
        <p className={`alert ${styles.error}`} role="alert">
          Could not export: {error}
        </p>
      )}
    </div>
  );
}
