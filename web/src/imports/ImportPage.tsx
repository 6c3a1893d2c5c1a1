import { useEffect, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/problems';
import { messageOf } from '../admin/kit/formProblem';
import { saveBlob } from '../dashboards/reports';
import { formatDate } from '../contacts/format';
import * as imports from './api';
import type { ImportJob } from './api';
import { IMPORT_KINDS, type ImportKind, type ImportKindInfo, importKind } from './kinds';
import {
  type MappingDraft,
  type MappingProblems,
  draftOf,
  formatCount,
  formatEta,
  formatSize,
  isPrefix,
  keyOf,
  keyOptions,
  localProblems,
  mappingOf,
  mappingProblems,
  optionLabel,
  prefixInput,
  sameMapping,
  samplesOf,
  selectableFields,
  statusLabel,
} from './mapping';
import styles from './ImportPage.module.css';

/** How often a queued or running job is read again (only while the tab is visible: TanStack Query's default). */
export const POLL_MS = 1000;

/**
 * `/<kind>/import`: upload a file of contacts, companies, deals or activities (and reopen a recent import);
 * `/<kind>/import/:id`: one import job. The same screen for every kind: the fields and the key come from the service.
 */
export function ImportPage({ kind = 'contacts' }: { kind?: ImportKind }) {
  const { id } = useParams();
  const info = importKind(kind);
  return (
    <section className={styles.page}>
      <Link to={info.back.to} className={styles.back}>
        ← {info.back.label}
      </Link>
      <h1>Import {info.many}</h1>
      {id ? <ImportJobView info={info} id={id} /> : <UploadView info={info} />}
    </section>
  );
}

/** The kinds one can import, as links (activities have no list of their own: this is where their import is). */
function KindSwitch({ current }: { current: ImportKind }) {
  return (
    <nav aria-label="What to import" className={styles.kinds}>
      <span className="muted">Import:</span>
      <ul>
        {IMPORT_KINDS.map((k) => (
          <li key={k.kind}>
            <Link to={k.path} aria-current={k.kind === current ? 'page' : undefined}>
              {k.many.charAt(0).toUpperCase() + k.many.slice(1)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UploadView({ info }: { info: ImportKindInfo }) {
  const { kind } = info;
  const navigate = useNavigate();
  const queries = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const uploading = useMutation({
    mutationFn: (file: File) => imports.upload(kind, file),
    onSuccess: (job) => {
      queries.setQueryData(['imports', kind, job.id], job);
      void queries.invalidateQueries({ queryKey: ['imports', kind, 'list'] });
      navigate(`${info.path}/${job.id}`);
    },
  });
  const pick = (files: FileList | null) => {
    const file = files?.[0];
    if (file) uploading.mutate(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  };

  return (
    <>
      <KindSwitch current={kind} />
      <p className="muted">
        A CSV (UTF-8; comma, semicolon, tab or pipe separated) or an Excel workbook (.xlsx, its first sheet) whose first
        row names the columns. Nothing is imported until you have mapped the columns and pressed Import.
      </p>
      <div
        className={`${styles.drop} ${dragging ? styles.dragging : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className={styles.dropLabel}>
          Choose a file to import
        </label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={hintId}
          disabled={uploading.isPending}
          onChange={(e) => {
            pick(e.target.files);
            e.target.value = '';
          }}
        />
        <p id={hintId} className="muted">
          or drop it here.
        </p>
      </div>
      {uploading.isPending && (
        <p role="status">
          Uploading {uploading.variables?.name} ({formatSize(uploading.variables?.size)})…
        </p>
      )}
      {uploading.isError && (
        <p className="alert" role="alert">
          Could not upload {uploading.variables?.name}: {uploadMessage(uploading.error)}
        </p>
      )}
      <RecentImports info={info} />
    </>
  );
}

function uploadMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 413) return 'the file is larger than the service accepts.';
  if (error instanceof ApiError) {
    const file = error.problem.errors?.find((e) => e.field === 'file');
    if (file) return `the file ${file.message}`;
  }
  return messageOf(error);
}

function RecentImports({ info }: { info: ImportKindInfo }) {
  const recent = useQuery({
    queryKey: ['imports', info.kind, 'list'],
    queryFn: ({ signal }) => imports.list(info.kind, signal),
  });
  const jobs = (recent.data ?? []).slice(0, 10);
  return (
    <section aria-labelledby="recent-imports" className={styles.section}>
      <h2 id="recent-imports">Your recent imports</h2>
      {recent.isError ? (
        <p className="alert" role="alert">
          Could not load your imports: {messageOf(recent.error)}
        </p>
      ) : recent.isPending ? (
        <p role="status">Loading…</p>
      ) : jobs.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className={styles.recent}>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Rows</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <Link to={`${info.path}/${job.id}`}>{job.fileName || '(no name)'}</Link>
                </td>
                <td>{statusLabel(job)}</td>
                <td>{job.progress?.rowsTotal != null ? formatCount(job.progress.rowsTotal) : '—'}</td>
                <td>{formatDate(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ImportJobView({ info, id }: { info: ImportKindInfo; id: string }) {
  const { kind } = info;
  const queries = useQueryClient();
  const key = ['imports', kind, id];
  const job = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => imports.get(kind, id, signal),
    // Politely: every second while a pass is queued or running, not at all once it ended; TanStack Query pauses
    // the interval while the tab is hidden (refetchIntervalInBackground is off).
    refetchInterval: (q) => (imports.isActive(q.state.data) ? POLL_MS : false),
  });
  const data = job.data;
  const ended = data?.status === 'done' || data?.status === 'failed' || data?.status === 'cancelled';
  useEffect(() => {
    // The list's statuses change with this job's.
    if (ended) void queries.invalidateQueries({ queryKey: ['imports', kind, 'list'] });
  }, [ended, queries, kind]);

  if (job.isError) {
    return (
      <p className="alert" role="alert">
        Could not load this import: {messageOf(job.error)}
      </p>
    );
  }
  if (!data) return <p role="status">Loading the import…</p>;
  return <JobSteps info={info} job={data} onJob={(next) => queries.setQueryData(key, next)} />;
}

function JobSteps({ info, job, onJob }: { info: ImportKindInfo; job: ImportJob; onJob: (job: ImportJob) => void }) {
  const { kind } = info;
  const [draft, setDraft] = useState<MappingDraft>(() => draftOf(job));
  const [problems, setProblems] = useState<MappingProblems | null>(null);
  const [shownLocal, setShownLocal] = useState(false);
  const editable = imports.isEditable(job);
  const mapping = mappingOf(draft, job.fields);
  const local = localProblems(draft);
  const mapped = Object.keys(mapping.columns ?? {}).length;
  const saved = sameMapping(job.mapping, mapping);

  // Saves the mapping unless the job has it already, then starts the pass.
  const start = useMutation({
    mutationFn: async (mode: 'dry-run' | 'run') => {
      let current = job;
      if (!saved) {
        current = await imports.saveMapping(kind, job.id!, mapping);
        onJob(current);
      }
      return mode === 'dry-run' ? imports.dryRun(kind, current.id!) : imports.run(kind, current.id!);
    },
    onMutate: () => setProblems(null),
    onSuccess: onJob,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        setProblems(mappingProblems(error.problem, job.columns ?? []));
      } else {
        setProblems({ columns: {}, key: null, general: messageOf(error) });
      }
    },
  });
  const stop = useMutation({ mutationFn: () => imports.cancel(kind, job.id!), onSuccess: onJob });

  const go = (mode: 'dry-run' | 'run') => {
    setShownLocal(true);
    if (Object.keys(local).length) return;
    start.mutate(mode);
  };

  const mappingSection = (
    <section aria-labelledby="map-columns" className={styles.section}>
      <h2 id="map-columns">Map the columns</h2>
      <MappingTable
        info={info}
        job={job}
        draft={draft}
        disabled={!editable || start.isPending}
        problems={problems}
        local={shownLocal ? local : {}}
        onChange={setDraft}
      />
      {problems?.general && (
        <p className="alert" role="alert">
          {problems.general}
        </p>
      )}
      {editable && (
        <div className={styles.actions}>
          <button type="button" className="button" disabled={start.isPending || mapped === 0} onClick={() => go('dry-run')}>
            Check
          </button>
          <button
            type="button"
            className="button primary"
            disabled={start.isPending || mapped === 0}
            onClick={() => go('run')}
          >
            Import
          </button>
          <span className="muted">
            {mapped === 0
              ? 'Map at least one column.'
              : `${mapped} of ${job.columns?.length ?? 0} columns will be imported. Check reads the whole file and writes nothing.`}
          </span>
        </div>
      )}
    </section>
  );
  const cancelError = stop.isError && (
    <p className="alert" role="alert">
      Could not cancel: {messageOf(stop.error)}
    </p>
  );

  if (editable || (job.mode === 'dry-run' && imports.isActive(job))) {
    // Mapping, then what a check found (or its progress).
    return (
      <>
        <FileFacts job={job} />
        {mappingSection}
        <DryRunResult job={job} stale={job.status === 'checked' && !saved} />
        <RunProgress info={info} job={job} cancelling={stop.isPending} onCancel={() => stop.mutate()} />
        {cancelError}
      </>
    );
  }
  // Running or ended: the run first; the mapping it used folded away below.
  return (
    <>
      <FileFacts job={job} />
      <RunProgress info={info} job={job} cancelling={stop.isPending} onCancel={() => stop.mutate()} />
      {cancelError}
      <details className={styles.used}>
        <summary>
          Mapping used ({mapped} of {job.columns?.length ?? 0} columns imported)
        </summary>
        {mappingSection}
      </details>
    </>
  );
}

function FileFacts({ job }: { job: ImportJob }) {
  const separator = job.separator === '\t' ? 'tab' : job.separator ? `“${job.separator}”` : null;
  return (
    <dl className={styles.facts}>
      <dt>File</dt>
      <dd>
        {job.fileName} ({formatSize(job.fileSize)}
        {job.format ? `, ${job.format.toUpperCase()}` : ''}
        {separator ? `, separated by ${separator}` : ''})
      </dd>
      <dt>Status</dt>
      <dd>
        <span className={`${styles.badge} ${styles[`status-${job.status}`] ?? ''}`}>{statusLabel(job)}</span>
      </dd>
      <dt>Uploaded</dt>
      <dd>{job.createdAt ? new Date(job.createdAt).toLocaleString() : ''}</dd>
    </dl>
  );
}

interface MappingTableProps {
  info: ImportKindInfo;
  job: ImportJob;
  draft: MappingDraft;
  disabled: boolean;
  problems: MappingProblems | null;
  local: Record<string, string>;
  onChange: (draft: MappingDraft) => void;
}

function MappingTable({ info, job, draft, disabled, problems, local, onChange }: MappingTableProps) {
  const fields = useMemo(() => selectableFields(job.fields), [job.fields]);
  const keys = keyOptions(job.fields, draft);
  const key = keyOf(job.fields, draft);
  const base = useId();
  const keyError = problems?.key ?? null;
  const set = (column: string, patch: Partial<MappingDraft['columns'][string]>) =>
    onChange({ ...draft, columns: { ...draft.columns, [column]: { ...draft.columns[column]!, ...patch } } });

  return (
    <>
      <div className={styles.key}>
        <label htmlFor={`${base}-key`}>Find existing {info.many} by</label>
        <select
          id={`${base}-key`}
          value={key}
          disabled={disabled}
          aria-invalid={keyError ? true : undefined}
          aria-describedby={`${base}-key-hint${keyError ? ` ${base}-key-error` : ''}`}
          onChange={(e) => onChange({ ...draft, key: e.target.value })}
        >
          {keys.length === 0 && <option value="">Map a column to an id in another system first</option>}
          {keys.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        <span id={`${base}-key-hint`} className="muted">
          A row whose {keyHint(keys.find((k) => k.value === key)?.label)} matches {article(info.one)} {info.one}{' '}
          updates it; otherwise it creates one. A row without it, or repeating an earlier row's, is rejected.
        </span>
        {keyError && (
          <span id={`${base}-key-error`} className={styles.error}>
            {keyError}
          </span>
        )}
      </div>
      <table className={styles.mapping}>
        <caption className="visually-hidden">
          Columns of {job.fileName} and the {info.one} field each goes to
        </caption>
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Sample values</th>
            <th scope="col">Import into</th>
          </tr>
        </thead>
        <tbody>
          {(job.columns ?? []).map((column, i) => {
            const choice = draft.columns[column] ?? { field: '', customName: '' };
            const error = problems?.columns[column] ?? local[column] ?? null;
            const selectId = `${base}-c${i}`;
            const errorId = `${selectId}-error`;
            const samples = samplesOf(job, column);
            return (
              <tr key={column} className={error ? styles.invalid : undefined}>
                <th scope="row" className={styles.column}>
                  {column || <span className="muted">(no header)</span>}
                </th>
                <td className={styles.samples}>
                  <span className={styles.cellLabel}>Sample: </span>
                  {samples.length ? (
                    samples.map((s, n) => (
                      <span key={n} className={styles.sample}>
                        {s}
                      </span>
                    ))
                  ) : (
                    <span className="muted">(empty)</span>
                  )}
                </td>
                <td>
                  <div className={styles.target}>
                  <select
                    id={selectId}
                    aria-label={`Import column ${column} into`}
                    value={choice.field}
                    disabled={disabled}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    onChange={(e) => set(column, { field: e.target.value })}
                  >
                    <option value="">Don’t import</option>
                    {fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {optionLabel(f)}
                        {f.key ? ' (key)' : ''}
                      </option>
                    ))}
                  </select>
                  {isPrefix(choice.field) && (
                    <input
                      type="text"
                      className={styles.customName}
                      aria-label={`${prefixInput(choice.field).label} for column ${column}`}
                      placeholder={prefixInput(choice.field).placeholder}
                      value={choice.customName}
                      disabled={disabled}
                      onChange={(e) => set(column, { customName: e.target.value })}
                    />
                  )}
                  {error && (
                    <span id={errorId} className={styles.error}>
                      {error}
                    </span>
                  )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Counts({ counts }: { counts: { created?: number; updated?: number; unchanged?: number; rejected?: number } }) {
  return (
    <dl className={styles.counts}>
      {(['created', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
        <div key={k} className={k === 'rejected' && (counts[k] ?? 0) > 0 ? styles.bad : undefined}>
          <dt>{k.charAt(0).toUpperCase() + k.slice(1)}</dt>
          <dd>{formatCount(counts[k])}</dd>
        </div>
      ))}
    </dl>
  );
}

function Reasons({ reasons, title }: { reasons: Record<string, number> | undefined; title: string }) {
  const entries = Object.entries(reasons ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return null;
  return (
    <>
      <h3 className={styles.h3}>{title}</h3>
      <ul className={styles.reasons}>
        {entries.map(([reason, n]) => (
          <li key={reason}>
            <strong>{formatCount(n)}</strong> {reason}
          </li>
        ))}
      </ul>
    </>
  );
}

function DryRunResult({ job, stale }: { job: ImportJob; stale: boolean }) {
  const checking = job.mode === 'dry-run' && imports.isActive(job);
  const result = job.dryRun;
  const ref = useRef<HTMLElement>(null);
  // A check's progress and then its result show below the mapping: bring them into view as they come.
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [checking, result?.finishedAt]);
  if (!checking && !result) return null;
  return (
    <section aria-labelledby="check-result" className={styles.section} ref={ref}>
      <h2 id="check-result">Check</h2>
      {checking ? (
        <Progress job={job} verb="Checking" />
      ) : result ? (
        <>
          <p role="status">
            {stale
              ? 'The mapping changed since this check; check again to see what it does now. '
              : ''}
            The file has {formatCount(result.rows)} rows. Importing would:
          </p>
          <Counts counts={result} />
          <Reasons reasons={result.reasons} title="Why rows would be rejected" />
        </>
      ) : null}
    </section>
  );
}

function Progress({ job, verb }: { job: ImportJob; verb: string }) {
  const p = job.progress ?? {};
  const total = p.rowsTotal ?? undefined;
  const done = p.rowsDone ?? 0;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
  const eta = formatEta(p.etaSeconds);
  const label = job.status === 'queued' ? `${verb}: waiting to start…` : `${verb} ${job.fileName}`;
  return (
    <div className={styles.progressBox}>
      <progress
        className={styles.progress}
        aria-label={label}
        max={total ?? undefined}
        value={total ? done : undefined}
      />
      <p aria-live="polite" className={styles.progressText}>
        {job.status === 'queued'
          ? 'Waiting to start…'
          : `${formatCount(done)}${total ? ` of ${formatCount(total)}` : ''} rows${percent !== null ? ` (${percent} %)` : ''}`}
        {p.rowsPerSecond ? ` · ${formatCount(Math.round(p.rowsPerSecond))} rows/s` : ''}
        {eta ? ` · ${eta}` : ''}
      </p>
    </div>
  );
}

function RunProgress({
  info,
  job,
  cancelling,
  onCancel,
}: {
  info: ImportKindInfo;
  job: ImportJob;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const running = job.mode === 'run' && imports.isActive(job);
  const finished = job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const dryRunning = job.mode === 'dry-run' && imports.isActive(job);
  if (!running && !finished && !dryRunning) return null;
  if (dryRunning) {
    return (
      <div className={styles.actions}>
        <button type="button" className="button" disabled={cancelling} onClick={onCancel}>
          Cancel check
        </button>
      </div>
    );
  }
  const p = job.progress ?? {};
  const rejected = p.rejected ?? 0;
  const download = async () => {
    setDownloadError(null);
    setDownloading(true);
    try {
      saveBlob(await imports.rejectedRows(info.kind, job.id!), imports.rejectedFileName(job.fileName));
    } catch (e) {
      setDownloadError(messageOf(e));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <section aria-labelledby="import-run" className={styles.section}>
      <h2 id="import-run">
        Import
      </h2>
      {running && <Progress job={job} verb="Importing" />}
      {job.status === 'done' && (
        <p role="status" className={styles.done}>
          Import finished: {formatCount(p.rowsDone)} rows read.
        </p>
      )}
      {job.status === 'cancelled' && (
        <p role="status">
          Import cancelled after {formatCount(p.rowsDone)} of {formatCount(p.rowsTotal)} rows; what it imported stays.
        </p>
      )}
      {job.status === 'failed' && (
        <p className="alert" role="alert">
          The import failed after {formatCount(p.rowsDone)} rows: {job.failure ?? 'no reason given'}. What it imported
          before stays.
        </p>
      )}
      <Counts counts={p} />
      <Reasons reasons={p.reasons} title="Why rows were rejected" />
      <div className={styles.actions}>
        {running && (
          <button type="button" className="button" disabled={cancelling} onClick={onCancel}>
            {cancelling ? 'Cancelling…' : 'Cancel import'}
          </button>
        )}
        {!running && rejected > 0 && (
          <button type="button" className="button primary" disabled={downloading} onClick={() => void download()}>
            Download rejected rows ({formatCount(rejected)})
          </button>
        )}
        {finished && (
          <Link to={info.path} className="button">
            Import another file
          </Link>
        )}
        {job.status === 'done' && info.list && (
          <Link to={info.list.to} className="button">
            {info.list.label}
          </Link>
        )}
      </div>
      {!running && rejected > 0 && (
        <p className="muted">
          The rejected rows come as a CSV of your file’s columns plus “Import row” and “Import error”: fix them and
          upload that file; it maps like this one.
        </p>
      )}
      {downloadError && (
        <p className="alert" role="alert">
          Could not download the rejected rows: {downloadError}
        </p>
      )}
    </section>
  );
}

/** "email", "domain", "id in hubspot": the key as the hint's sentence reads it. */
function keyHint(label: string | undefined): string {
  if (!label) return 'key';
  return label.replace(/\s*\(.*\)\s*$/, '').replace(/^./, (c) => c.toLowerCase());
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}
