import { format, formatDistanceToNowStrict, isValid, parseISO } from 'date-fns';

/** A point in time as "6 Dec 2026, 09:10" in the browser's time zone; '' when there is none. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = parseISO(iso);
  return isValid(d) ? format(d, 'd MMM yyyy, HH:mm') : '';
}

/** "3 minutes ago" / "in 10 seconds"; '' when there is no time. */
export function relative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const d = parseISO(iso);
  if (!isValid(d)) return '';
  const distance = formatDistanceToNowStrict(d, { roundingMethod: 'floor' });
  return d.getTime() > now.getTime() ? `in ${distance}` : `${distance} ago`;
}
