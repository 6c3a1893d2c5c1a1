import { lazy, Suspense, useRef, useState } from 'react';
import { messageOf } from '../admin/kit/formProblem';
import { saveBlob } from '../dashboards/reports';
import { type ExportFilters, type ExportFormat, type ExportKind, downloadExport } from './exports';
import styles from './ExportMenu.module.css';

// The menu's machinery (Radix) stays out of the initial bundle until someone first opens it.
const RadixExportMenu = lazy(() => import('./RadixExportMenu'));

interface Props {
  kind: ExportKind;
  /** The list's current filters, as its API query (the export takes the same names). */
  filters: ExportFilters;
  /** The list's visible columns, in order (the export takes the list's column ids); none: the kind's default ones. */
  columns: string[];
  /** The button's text ("Export"; "Export activities" where the list holds more than one kind). */
  label?: string;
  /** Why the list as filtered cannot be exported (said in the menu, whose items are then disabled). */
  unavailable?: string | null;
}

/**
 * "Export" on a list: a menu of CSV and XLSX; the file holds the rows the list shows with its filters, and its
 * visible columns. A plain button until first pressed, when it becomes the Radix menu, open (as a deal card's menu).
 */
export function ExportMenu({ kind, filters, columns, label: text = 'Export', unavailable = null }: Props) {
  const [openedBy, setOpenedBy] = useState<'pointer' | 'keyboard' | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const run = async (format: ExportFormat) => {
    // Back to the plain button (which shows the progress), keeping the focus on it.
    setOpenedBy(null);
    requestAnimationFrame(() => button.current?.focus());
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
  const label = busy ? `Exporting ${busy.toUpperCase()}…` : text;
  const plain = (
    <button
      ref={button}
      type="button"
      className="button"
      aria-haspopup="menu"
      aria-expanded={false}
      // Not `disabled` while a file downloads: the button keeps the focus it had.
      aria-disabled={busy !== null || undefined}
      onPointerDown={(e) => {
        if (busy) return;
        if (e.button === 0 && !e.ctrlKey) {
          e.preventDefault();
          setOpenedBy('pointer');
        }
      }}
      onClick={(e) => {
        if (!busy && e.detail === 0) setOpenedBy('keyboard');
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
          e.preventDefault();
          if (!busy) setOpenedBy('keyboard');
        }
      }}
    >
      {label}
      <span aria-hidden="true">▾</span>
    </button>
  );
  return (
    <div className={styles.wrap}>
      {openedBy ? (
        <Suspense fallback={plain}>
          <RadixExportMenu
            label={label}
            focusFirstItem={openedBy === 'keyboard'}
            unavailable={unavailable}
            onExport={(f) => void run(f)}
          />
        </Suspense>
      ) : (
        plain
      )}
      {error && (
        <p className={`alert ${styles.error}`} role="alert">
          Could not export: {error}
        </p>
      )}
    </div>
  );
}
