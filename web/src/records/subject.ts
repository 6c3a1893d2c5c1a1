import type { ActivitySchemas } from '../api/client';

/** What a record page is about: a contact (and the company they work for) or a company. */
export interface RecordSubject {
  contactId?: string;
  companyId?: string;
}

export type TimelineItem = ActivitySchemas['TimelineItem'];
export type ActivityView = ActivitySchemas['ActivityView'];
export type TaskView = ActivitySchemas['TaskView'];

/** The timeline's filter: one of contactId or companyId (the API takes exactly one). */
export function timelineParams(subject: RecordSubject) {
  return subject.contactId ? { contactId: subject.contactId } : { companyId: subject.companyId };
}

export const timelineKey = (subject: RecordSubject) => ['timeline', timelineParams(subject)] as const;
export const tasksKey = (subject: RecordSubject) => ['tasks', 'open', timelineParams(subject)] as const;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(value: string | undefined | null): string {
  return value ? dateTime.format(new Date(value)) : '';
}

export function formatDay(value: string | undefined | null): string {
  return value ? dateOnly.format(new Date(value)) : '';
}

/** `2026-12-06T14:05` in local time, as a datetime-local input reads and writes it. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDuration(seconds: number | undefined | null): string {
  if (!seconds) return '';
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60 ? `${minutes % 60} min` : ''}`.trim() : `${minutes} min`;
}
