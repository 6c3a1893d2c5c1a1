import { listKey, NOTIFICATIONS, unreadCountKey } from './queries';
import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { formatDistanceStrict } from 'date-fns';
import { notificationApi, type NotificationSchemas } from '../api/client';
import { dataOrThrow } from '../api/problems';

export type Notification = NotificationSchemas['NotificationView'];
export type NotificationPage = NotificationSchemas['PageNotificationView'];
export type NotificationType = NonNullable<Notification['type']>;

export { NOTIFICATIONS, preferencesKey, unreadCountKey, listKey, UNREAD_POLL_MS, useUnreadCount } from './queries';
export const INBOX_PAGE_SIZE = 25;

/** The inbox, a page at a time (the API's cursor): unread first, then newest first. */
export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: listKey(unreadOnly),
    queryFn: async ({ pageParam, signal }) =>
      dataOrThrow(
        await notificationApi.GET('/api/v1/notifications', {
          params: { query: { unread: unreadOnly || undefined, limit: INBOX_PAGE_SIZE, after: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    refetchOnWindowFocus: true,
  });
}

/** Marks notifications read in every cached list and lowers the badge, before the server answers. */
function markCachedRead(queries: QueryClient, id: string | null) {
  const now = new Date().toISOString();
  let marked = 0;
  queries.setQueriesData<InfiniteData<NotificationPage>>({ queryKey: [...NOTIFICATIONS, 'list'] }, (data) => {
    if (!data) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items?.map((n) => {
          if (n.readAt || (id !== null && n.id !== id)) return n;
          marked++;
          return { ...n, readAt: now };
        }),
      })),
    };
  });
  queries.setQueryData<number>(unreadCountKey, (count) =>
    count === undefined ? count : id === null ? 0 : Math.max(0, count - (marked > 0 ? 1 : 0)),
  );
}

/** Marks one notification read (optimistically); everything under ['notifications'] refetches afterwards. */
export function useMarkRead() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const result = await notificationApi.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } });
      if (result.error !== undefined || !result.response.ok) dataOrThrow({ ...result, data: undefined });
    },
    onMutate: async (id) => {
      await queries.cancelQueries({ queryKey: NOTIFICATIONS });
      markCachedRead(queries, id);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: NOTIFICATIONS }),
  });
}

/** Marks every notification read; answers how many the server marked. */
export function useMarkAllRead() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async () => dataOrThrow(await notificationApi.POST('/api/v1/notifications/read-all')).marked ?? 0,
    onMutate: async () => {
      await queries.cancelQueries({ queryKey: NOTIFICATIONS });
      markCachedRead(queries, null);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: NOTIFICATIONS }),
  });
}

export { linkTo, recordPathOf } from './links';

const TYPE_LABELS: Record<NotificationType, string> = {
  'deal-assigned': 'Deal assigned',
  'deal-moved': 'Deal moved',
  'deal-won': 'Deal won',
  'deal-lost': 'Deal lost',
  'deal-rotting': 'Deal rotting',
  'task-assigned': 'Task assigned',
  'task-reminder': 'Task reminder',
  'task-overdue': 'Task overdue',
  'ticket-assigned': 'Ticket assigned',
  'ticket-sla-warning': 'Ticket close to an SLA breach',
  'ticket-sla-breached': 'Ticket SLA breached',
  mention: 'Mentioned in a note',
  'webhook-disabled': 'Webhook disabled',
};

/** A notification type as people read it (an unknown one as its wire name, de-hyphenated). */
export function typeLabel(type: string | undefined): string {
  if (!type) return 'Notification';
  return TYPE_LABELS[type as NotificationType] ?? type.replace(/-/g, ' ');
}

/** The types grouped as the preferences screen shows them. */
export const TYPE_GROUPS: { title: string; types: NotificationType[] }[] = [
  { title: 'Deals', types: ['deal-assigned', 'deal-moved', 'deal-won', 'deal-lost', 'deal-rotting'] },
  { title: 'Tasks', types: ['task-assigned', 'task-reminder', 'task-overdue'] },
  { title: 'Tickets', types: ['ticket-assigned', 'ticket-sla-warning', 'ticket-sla-breached'] },
  { title: 'Other', types: ['mention', 'webhook-disabled'] },
];

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatAbsolute(iso: string | undefined): string {
  return iso ? absolute.format(new Date(iso)) : '';
}

/**
 * "just now", "5 minutes ago", "3 hours ago", "6 days ago" (date-fns); older than a week, the date. Times a little
 * ahead of the browser's clock (a server's clock skew) read as "just now".
 */
export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const at = new Date(iso);
  const ago = now - at.getTime();
  if (ago < 60_000) return 'just now';
  if (ago >= 7 * 24 * 60 * 60_000) return dayOnly.format(at);
  return formatDistanceStrict(at, now, { addSuffix: true, roundingMethod: 'floor' });
}

/** An ISO-8601 instant, as older notification bodies carry it ("Due 2026-12-06T17:00:00Z — from …"). */
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** A moment as notification-service words it, in UTC ("Due 6 Dec 2026, 17:00 UTC — from …"; inbox/Moments.java). */
const UTC_TEXT = /\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}), (\d{2}):(\d{2}) UTC\b/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A notification's body with its moments shown in the reader's own zone, as readable dates and times. */
export function readableBody(body: string | undefined): string {
  if (!body) return '';
  return body
    .replace(INSTANT, (iso) => {
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : absolute.format(at);
    })
    .replace(UTC_TEXT, (text, day: string, month: string, year: string, hour: string, minute: string) => {
      const at = new Date(Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hour), Number(minute)));
      return Number.isNaN(at.getTime()) ? text : absolute.format(at);
    });
}
