/**
 * What the web app imports, as data: one entry per kind of `/api/v1/imports/{kind}` (docs/api.md "Imports"). The
 * fields, the key fields and the suggested mapping come from the service per kind; this says only how the screen
 * names the kind and where it links.
 */
export type ImportKind = 'contacts' | 'companies' | 'deals' | 'activities';

export interface ImportKindInfo {
  kind: ImportKind;
  /** The kind's screen: `/<kind>/import` uploads, `/<kind>/import/<id>` is one job. */
  path: string;
  /** "contact", "contacts": in "Import contacts", "Find existing contacts by", "updates the contact". */
  one: string;
  many: string;
  /** Where "←" goes back to (and its label). */
  back: { to: string; label: string };
  /** The list that shows what an import just did, if the kind has one ("See the contacts"). */
  list: { to: string; label: string } | null;
}

export const IMPORT_KINDS: readonly ImportKindInfo[] = [
  {
    kind: 'contacts',
    path: '/contacts/import',
    one: 'contact',
    many: 'contacts',
    back: { to: '/contacts', label: 'Contacts' },
    list: { to: '/contacts?sort=-updated', label: 'See the contacts' },
  },
  {
    kind: 'companies',
    path: '/companies/import',
    one: 'company',
    many: 'companies',
    back: { to: '/companies', label: 'Companies' },
    list: { to: '/companies?sort=-updated', label: 'See the companies' },
  },
  {
    kind: 'deals',
    path: '/deals/import',
    one: 'deal',
    many: 'deals',
    back: { to: '/deals', label: 'Deals' },
    list: { to: '/deals', label: 'See the board' },
  },
  {
    // Activities have no list of their own (they show on their records' timelines): the import is reached from the
    // import screen's kind switch, which every list's Import opens; "←" goes back to the contacts.
    kind: 'activities',
    path: '/activities/import',
    one: 'activity',
    many: 'activities',
    back: { to: '/contacts', label: 'Contacts' },
    list: null,
  },
];

export function importKind(kind: ImportKind): ImportKindInfo {
  return IMPORT_KINDS.find((k) => k.kind === kind)!;
}
