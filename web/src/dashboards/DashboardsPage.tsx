import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { reportingApi } from '../api/client';
import { ApiError, dataOrThrow } from '../api/problems';
import { ReportChart } from './ReportChart';
import { asOf, loadCsv, loadRows, reports, saveBlob, type ReportDefinition } from './reports';
import styles from './DashboardsPage.module.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The dashboards: one panel per report view (pipeline, forecast, win rate, activity, support, marketing). */
export default function DashboardsPage() {
  const freshness = useQuery({
    queryKey: ['reports', 'freshness'],
    queryFn: async ({ signal }) => dataOrThrow(await reportingApi.GET('/api/v1/reports/freshness', { signal })),
  });
  return (
    <section>
      <h1>Dashboards</h1>
      <div className={styles.grid}>
        {reports.map((report) => (
          <ReportPanel key={report.id} report={report} asOf={asOf(freshness.data?.topics, report.topics)} />
        ))}
      </div>
    </section>
  );
}

/** One report: title, freshness, the CSV download beside it, and the chart (or why there is none). */
export function ReportPanel({ report, asOf }: { report: ReportDefinition; asOf: Date | null }) {
  const rows = useQuery({
    queryKey: ['reports', report.id],
    queryFn: ({ signal }) => loadRows(report, signal),
  });
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const forbidden = rows.error instanceof ApiError && rows.error.status === 403;
  const spec = rows.data ? report.chart(rows.data) : null;
  const empty = !!spec && (spec.data.length === 0 || spec.series.length === 0);
  const state = rows.isPending ? 'loading' : forbidden ? 'forbidden' : rows.isError ? 'error' : empty ? 'empty' : 'chart';
  const headingId = `report-${report.id}`;

  async function downloadCsv() {
    setDownload({ busy: true, error: null });
    try {
      saveBlob(await loadCsv(report), `${report.id}.csv`);
      setDownload({ busy: false, error: null });
    } catch (e) {
      setDownload({ busy: false, error: e instanceof Error ? e.message : 'The download failed.' });
    }
  }

  return (
    <section className={`card ${styles.panel}`} aria-labelledby={headingId} data-report={report.id} data-state={state}>
      <div className={styles.panelHeader}>
        <h2 id={headingId}>{report.title}</h2>
        {!forbidden && (
          <button
            type="button"
            className="button"
            onClick={downloadCsv}
            disabled={download.busy}
            aria-label={`Download CSV: ${report.title}`}
          >
            {download.busy ? 'Downloading…' : 'Download CSV'}
          </button>
        )}
      </div>
      <p className={`muted ${styles.description}`}>{report.description}</p>
      {asOf && !forbidden && (
        <p className={styles.asOf}>
          As of <time dateTime={asOf.toISOString()}>{timeFormat.format(asOf)}</time>
        </p>
      )}
      {download.error && (
        <p className={`alert ${styles.error}`} role="alert">
          Could not download the CSV: {download.error}
        </p>
      )}
      {state === 'loading' && (
        <p className={styles.state} role="status">
          Loading…
        </p>
      )}
      {state === 'forbidden' && <p className={styles.state}>Your role does not give access to this report.</p>}
      {state === 'error' && (
        <p className={`alert ${styles.error}`} role="alert">
          Could not load this report: {rows.error?.message}
        </p>
      )}
      {state === 'empty' && <p className={styles.state}>No data yet: nothing has been recorded for this report.</p>}
      {state === 'chart' && spec && <ReportChart spec={spec} title={report.title} />}
    </section>
  );
}
