/*
 * Duplicates and merge (issue 18): the shapes the screens work with, taken from contact-service's OpenAPI document
 * (src/api/generated/contact-service.ts) and narrowed where the document is looser than the service (a pair always
 * holds two records; every field of a reason is set). Only the 409 `possible-duplicate`'s `duplicates` extension is
 * described here: problem extensions are not in the document.
 */
import type { ContactSchemas } from '../api/client';
import type { Problem } from '../api/problems';

export type ContactView = ContactSchemas['ContactView'];
export type CompanyView = ContactSchemas['CompanyView'];

/** The kinds of record that have duplicates and merge. */
export type DuplicateKind = 'contacts' | 'companies';
export type RecordOf<K extends DuplicateKind> = K extends 'contacts' ? ContactView : CompanyView;

/**
 * Why two records look alike: `same-email`, `same-phone`, `similar-name-same-company` (contacts), `same-domain`,
 * `similar-name` (companies); `detail` says it for people ("both have ada@example.org").
 */
export type DuplicateReason = Required<ContactSchemas['DuplicateReason']>;

export interface DuplicatePair<R> {
  /** 0..1: how alike. */
  score: number;
  reasons: DuplicateReason[];
  records: [R, R];
}

export interface DuplicatePage<R> {
  items: DuplicatePair<R>[];
  next?: string | null;
}

/** Which record's value a field keeps; a field left out keeps the survivor's, or the duplicate's when that is empty. */
export type Side = 'survivor' | 'duplicate';

/** The merge's body; `keep` maps a field (`firstName`, `customFields.<key>`…) to the side whose value stays. */
export type MergeRequest = Omit<ContactSchemas['MergeRequest'], 'keep'> & { keep: Record<string, Side> };

/** One candidate named by a create's 409 `possible-duplicate`. */
export interface PossibleDuplicate {
  id: string;
  name: string;
  reasons: DuplicateReason[];
}

/** The 409 a create answers for a near-duplicate (problem type ending `possible-duplicate`). */
export interface PossibleDuplicateProblem extends Problem {
  duplicates: PossibleDuplicate[];
}

export function isPossibleDuplicate(problem: Problem | undefined): problem is PossibleDuplicateProblem {
  return (
    !!problem &&
    problem.status === 409 &&
    !!problem.type?.endsWith('possible-duplicate') &&
    Array.isArray((problem as { duplicates?: unknown }).duplicates)
  );
}

/** The create's query for "Create anyway" (`allowDuplicate=true`); none otherwise. */
export function allowDuplicateQuery(allow: boolean): { allowDuplicate?: boolean } | undefined {
  return allow ? { allowDuplicate: true } : undefined;
}
