import { z } from 'zod';
import type { NotificationSchemas } from '../../api/client';

export type Subscription = NotificationSchemas['SubscriptionView'];
export type Delivery = NotificationSchemas['DeliveryView'];

export const keys = {
  all: ['admin', 'webhooks'] as const,
  list: ['admin', 'webhooks', 'list'] as const,
  one: (id: string) => ['admin', 'webhooks', 'one', id] as const,
  deliveries: (id: string) => ['admin', 'webhooks', 'deliveries', id] as const,
  delivery: (id: string) => ['admin', 'webhooks', 'delivery', id] as const,
};

export type Tone = 'good' | 'bad' | 'waiting' | 'neutral';

/** A subscription's state: active, paused by an admin, or disabled by Atrium after deliveries kept failing. */
export function subscriptionState(s: Subscription): { label: string; tone: Tone } {
  if (s.active) return { label: 'Active', tone: 'good' };
  if (s.disabledReason) return { label: 'Disabled', tone: 'bad' };
  return { label: 'Paused', tone: 'neutral' };
}

/** A delivery's status as people read it. */
export function deliveryState(status: string | undefined): { label: string; tone: Tone } {
  switch (status) {
    case 'succeeded':
      return { label: 'Succeeded', tone: 'good' };
    case 'failed':
      return { label: 'Failed', tone: 'bad' };
    case 'pending':
      return { label: 'Pending', tone: 'waiting' };
    default:
      return { label: status ?? 'Unknown', tone: 'neutral' };
  }
}

/** What the API takes as an event type: an exact type or a prefix with a wildcard (EventSelector.TYPE_PATTERN). */
export const TYPE_PATTERN = /^(\*|[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?)$/;

/** The extra patterns field: comma- or space-separated. */
export function patternsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export const subscriptionSchema = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'Enter the URL Atrium posts events to.')
      .max(2048, 'At most 2048 characters.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
        } catch {
          return false;
        }
      }, 'Enter an absolute http or https URL, such as https://erp.example.com/atrium/events.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return !url.username && !url.password;
        } catch {
          return true;
        }
      }, 'Leave credentials out of the URL; receivers verify the signature instead.'),
    description: z.string().max(500, 'At most 500 characters.'),
    eventTypes: z.array(z.string()),
    patterns: z.string(),
  })
  .superRefine((v, ctx) => {
    const patterns = patternsOf(v.patterns);
    const bad = patterns.filter((p) => p.length > 200 || !TYPE_PATTERN.test(p));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['patterns'],
        message: `Not an event type or pattern: ${bad.join(', ')} (write crm.deal.won.v1 or crm.deal.*).`,
      });
    }
    const all = new Set([...v.eventTypes, ...patterns]);
    if (all.size === 0) ctx.addIssue({ code: 'custom', path: ['eventTypes'], message: 'Choose at least one event.' });
    if (all.size > 50) ctx.addIssue({ code: 'custom', path: ['eventTypes'], message: 'Choose at most 50 events or patterns.' });
  });

export type SubscriptionForm = z.infer<typeof subscriptionSchema>;

/** The event types the form sends: the ticked ones, then the typed patterns, each once. */
export function eventTypesOf(v: SubscriptionForm): string[] {
  return [...new Set([...v.eventTypes, ...patternsOf(v.patterns)])];
}

export function subscriptionFieldOf(apiField: string): keyof SubscriptionForm | null {
  if (apiField === 'url' || apiField === 'description') return apiField;
  if (apiField === 'eventTypes' || apiField.startsWith('eventTypes[')) return 'eventTypes';
  return null;
}

/** A subscription's name in headings: its description, else its URL's host and path. */
export function subscriptionName(s: Subscription): string {
  if (s.description) return s.description;
  try {
    const url = new URL(s.url ?? '');
    return url.host + url.pathname;
  } catch {
    return s.url ?? 'Webhook';
  }
}
