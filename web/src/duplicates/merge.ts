import { fullName, primaryEmail, stageLabel } from '../contacts/format';
import { cityOf } from '../companies/format';
import type { CompanyView, ContactView, DuplicateKind, MergeRequest, RecordOf, Side } from './contract';

/** A field the merge lets one pick (a `keep` key of the merge request) and how it reads. */
export interface MergeFieldInfo {
  key: string;
  label: string;
}

/**
 * Per kind, as data: its names, paths, the fields one picks between (the merge request's `keep` keys; custom fields
 * are added per pair) and what is united rather than picked.
 */
export interface DuplicateKindInfo<K extends DuplicateKind = DuplicateKind> {
  kind: K;
  one: string;
  many: string;
  /** "Contacts": the list's name, for "←" links. */
  listLabel: string;
  listPath: string;
  duplicatesPath: string;
  recordPath: (id: string) => string;
  mergePath: (survivorId: string, duplicateId: string) => string;
  nameOf: (record: RecordOf<K>) => string;
  /** A line of what tells the two apart in a list (email, phone, job title; domain, industry, city). */
  facts: (record: RecordOf<K>) => string[];
  fields: MergeFieldInfo[];
  /** Lists the merge unites (emails, phones, tags, ids in other systems), survivor's first. */
  united: (survivor: RecordOf<K>, duplicate: RecordOf<K>) => { label: string; values: string[] }[];
}

const CUSTOM = 'customFields.';

/** Field values as people read them ('' when empty); companyId is shown by name on the page itself. */
export function showValue(key: string, value: unknown): string {
  if (isEmpty(value)) return '';
  if (key === 'lifecycleStage') return stageLabel(String(value));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (isEmpty(a) && isEmpty(b)) || JSON.stringify(a) === JSON.stringify(b);
}

/** A record's value of a `keep` key: a top-level field, or `customFields.<key>`. */
export function valueOf(record: object, key: string): unknown {
  if (key.startsWith(CUSTOM)) return (record as { customFields?: Record<string, unknown> }).customFields?.[key.slice(CUSTOM.length)];
  return (record as Record<string, unknown>)[key];
}

/** The fields the two records hold different values in: the kind's, then every custom field either has. */
export function differingFields(info: DuplicateKindInfo, a: object, b: object): MergeFieldInfo[] {
  const custom = new Set([
    ...Object.keys((a as { customFields?: object }).customFields ?? {}),
    ...Object.keys((b as { customFields?: object }).customFields ?? {}),
  ]);
  const all = [
    ...info.fields,
    ...[...custom].sort().map((k) => ({ key: CUSTOM + k, label: `Custom field “${k}”` })),
  ];
  return all.filter((f) => !sameValue(valueOf(a, f.key), valueOf(b, f.key)));
}

/** What the service keeps when the request says nothing: the survivor's value, or the duplicate's when it is empty. */
export function defaultSide(survivor: object, duplicate: object, key: string): Side {
  return isEmpty(valueOf(survivor, key)) && !isEmpty(valueOf(duplicate, key)) ? 'duplicate' : 'survivor';
}

/**
 * The merge request: for every field that differs, whose value stays — the record picked (by id, so a pick survives
 * swapping which record stays), else the service's default. Sent whole, so the result is what the page showed.
 */
export function mergeRequest(
  info: DuplicateKindInfo,
  survivor: { id?: string } & object,
  duplicate: { id?: string; version?: number } & object,
  picks: Record<string, string>,
): MergeRequest {
  const keep: Record<string, Side> = {};
  for (const field of differingFields(info, survivor, duplicate)) {
    const picked = picks[field.key];
    keep[field.key] =
      picked === survivor.id ? 'survivor' : picked === duplicate.id ? 'duplicate' : defaultSide(survivor, duplicate, field.key);
  }
  return { duplicateId: duplicate.id!, duplicateVersion: duplicate.version ?? 0, keep };
}

/** The union of two lists, survivor's first, the same value (by `same`) once. */
function unite(a: string[], b: string[], same: (v: string) => string = (v) => v): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of [...a, ...b]) {
    const k = same(v);
    if (!v || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

function externalIds(r: object): string[] {
  const ids = (r as { externalIds?: Record<string, string> }).externalIds ?? {};
  return Object.entries(ids).map(([source, id]) => `${source}: ${id}`);
}

const lower = (v: string) => v.toLowerCase();

export const CONTACTS: DuplicateKindInfo<'contacts'> = {
  kind: 'contacts',
  one: 'contact',
  many: 'contacts',
  listLabel: 'Contacts',
  listPath: '/contacts',
  duplicatesPath: '/contacts/duplicates',
  recordPath: (id) => `/contacts/${id}`,
  mergePath: (s, d) => `/contacts/merge?survivor=${encodeURIComponent(s)}&duplicate=${encodeURIComponent(d)}`,
  nameOf: (c: ContactView) => fullName(c),
  facts: (c: ContactView) => [primaryEmail(c), c.phones?.[0]?.number ?? '', c.jobTitle ?? ''].filter(Boolean),
  // ContactView's fields a merge picks between (contact-service's MergeRequest keep keys).
  fields: [
    { key: 'firstName', label: 'First name' },
    { key: 'lastName', label: 'Last name' },
    { key: 'jobTitle', label: 'Job title' },
    { key: 'companyId', label: 'Company' },
    { key: 'ownerId', label: 'Owner' },
    { key: 'lifecycleStage', label: 'Lifecycle stage' },
    { key: 'leadSource', label: 'Lead source' },
  ],
  united: (s: ContactView, d: ContactView) => [
    { label: 'Emails', values: unite((s.emails ?? []).map((e) => e.address ?? ''), (d.emails ?? []).map((e) => e.address ?? ''), lower) },
    {
      label: 'Phones',
      values: unite(
        (s.phones ?? []).map((p) => p.number ?? ''),
        (d.phones ?? []).map((p) => p.number ?? ''),
        (v) => v.replace(/[^0-9+]/g, ''),
      ),
    },
    { label: 'Tags', values: unite(s.tags ?? [], d.tags ?? [], lower) },
    { label: 'Ids in other systems', values: unite(externalIds(s), externalIds(d)) },
  ],
};

export const COMPANIES: DuplicateKindInfo<'companies'> = {
  kind: 'companies',
  one: 'company',
  many: 'companies',
  listLabel: 'Companies',
  listPath: '/companies',
  duplicatesPath: '/companies/duplicates',
  recordPath: (id) => `/companies/${id}`,
  mergePath: (s, d) => `/companies/merge?survivor=${encodeURIComponent(s)}&duplicate=${encodeURIComponent(d)}`,
  nameOf: (c: CompanyView) => c.name || '(no name)',
  facts: (c: CompanyView) => [c.domain ?? '', c.industry ?? '', cityOf(c)].filter(Boolean),
  fields: [
    { key: 'name', label: 'Name' },
    { key: 'domain', label: 'Domain' },
    { key: 'industry', label: 'Industry' },
    { key: 'size', label: 'Size' },
    { key: 'ownerId', label: 'Owner' },
  ],
  united: (s: CompanyView, d: CompanyView) => [
    { label: 'Tags', values: unite(s.tags ?? [], d.tags ?? [], lower) },
    { label: 'Ids in other systems', values: unite(externalIds(s), externalIds(d)) },
  ],
};

export function duplicateKind<K extends DuplicateKind>(kind: K): DuplicateKindInfo<K> {
  return (kind === 'contacts' ? CONTACTS : COMPANIES) as unknown as DuplicateKindInfo<K>;
}

/** "92 % alike". */
export function formatScore(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)} % alike`;
}
