import { useQuery } from '@tanstack/react-query';
import { notificationApi } from '../api/client';
import { dataOrThrow } from '../api/problems';

// The query keys and the unread count: all the navigation's badge needs, kept apart so the initial bundle takes
// nothing else of the inbox.

/**
 * Every notification query lives under this prefix, so one `invalidateQueries({queryKey: NOTIFICATIONS})` (e.g. when
 * a live update arrives) refreshes the badge, the inbox, My day's unread list and the preferences alike.
 */
export const NOTIFICATIONS = ['notifications'] as const;
export const unreadCountKey = [...NOTIFICATIONS, 'unread-count'] as const;
export const listKey = (unreadOnly: boolean) => [...NOTIFICATIONS, 'list', { unread: unreadOnly }] as const;
export const preferencesKey = [...NOTIFICATIONS, 'preferences'] as const;

/** Besides the live inbox stream (AppShell), the badge refetches on window focus and every minute. */
export const UNREAD_POLL_MS = 60_000;

/** The signed-in person's unread count (0 while unknown). */
export function useUnreadCount() {
  return useQuery({
    queryKey: unreadCountKey,
    queryFn: async ({ signal }) =>
      dataOrThrow(await notificationApi.GET('/api/v1/notifications/unread-count', { signal })).unread ?? 0,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

