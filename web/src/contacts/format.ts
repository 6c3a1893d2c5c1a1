import type { ContactSchemas } from '../api/client';

export type Contact = ContactSchemas['ContactView'];

export function fullName(c: Pick<Contact, 'firstName' | 'lastName'> & { emails?: Contact['emails'] }): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || primaryEmail(c) || '(no name)';
}

export function primaryEmail(c: { emails?: Contact['emails'] }): string {
  const emails = c.emails ?? [];
  return (emails.find((e) => e.primary) ?? emails[0])?.address ?? '';
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDate(value: string | undefined | null): string {
  return value ? dateFormat.format(new Date(value)) : '';
}

export function stageLabel(stage: string | undefined | null): string {
  return stage ? stage.charAt(0).toUpperCase() + stage.slice(1).replaceAll('-', ' ') : '';
}

/** The API's lifecycle stages, in funnel order. */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketing-qualified',
  'sales-qualified',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
