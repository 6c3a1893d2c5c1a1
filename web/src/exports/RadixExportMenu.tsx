import { useEffect, useRef } from 'react';
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ExportFormat } from './exports';
import styles from './ExportMenu.module.css';

export const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'xlsx', label: 'Export XLSX' },
];

/**
 * The export menu itself (Radix: focus, arrow keys, Escape; non-modal, as the app's CSP refuses the style element a
 * modal one injects). Loaded on the first press of the list's Export button, which it replaces, open.
 */
export default function RadixExportMenu({
  label,
  focusFirstItem,
  unavailable = null,
  onExport,
}: {
  label: string;
  focusFirstItem: boolean;
  /** Why nothing can be exported as the list stands: said first in the menu, the items disabled. */
  unavailable?: string | null;
  onExport: (format: ExportFormat) => void;
}) {
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Opened from the keyboard before this menu existed: start on the first item, as Radix does from its own trigger.
    if (!focusFirstItem) return;
    const frame = requestAnimationFrame(() =>
      content.current?.querySelector<HTMLElement>('[role=menuitem]:not([data-disabled])')?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, [focusFirstItem]);
  return (
    <Menu.Root modal={false} defaultOpen>
      <Menu.Trigger className="button">
        {label}
        <span aria-hidden="true">▾</span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content ref={content} className={styles.menu} align="end" sideOffset={4}>
          {unavailable && <Menu.Label className={styles.unavailable}>{unavailable}</Menu.Label>}
          {FORMATS.map((f) => (
            <Menu.Item
              key={f.format}
              className={styles.item}
              disabled={!!unavailable}
              onSelect={() => onExport(f.format)}
            >
              {f.label}
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
