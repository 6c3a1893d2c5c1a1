import type { NotificationSchemas } from '../api/client';

/**
 * Where in the app a notification leads: deals and tickets have their pages; tasks and notes (mentions) live on a
 * record, which `/inbox/open/...` looks up before going there. Null when the app has no page for it.
 */
export function linkTo(n: Pick<NotificationSchemas['NotificationView'], 'link'>): string | null {
  const id = n.link?.id;
  if (!id) return null;
  const path = encodeURIComponent(id);
  switch (n.link?.type) {
    case 'deal':
      return `/deals/${path}`;
    case 'ticket':
      return `/support/${path}`;
    case 'contact':
      return `/contacts/${path}`;
    case 'company':
      return `/companies/${path}`;
    case 'task':
      return `/inbox/open/task/${path}`;
    case 'activity':
      return `/inbox/open/activity/${path}`;
    case 'webhook-subscription':
      return `/admin/webhooks/${path}`;
    default:
      return null;
  }
}

/** The record page a task or an activity belongs on: its contact, else its company, else its deal. */
export function recordPathOf(item: { contactIds?: string[]; companyId?: string; dealId?: string }): string | null {
  const contact = item.contactIds?.[0];
  if (contact) return `/contacts/${contact}`;
  if (item.companyId) return `/companies/${item.companyId}`;
  if (item.dealId) return `/deals/${item.dealId}`;
  return null;
}
