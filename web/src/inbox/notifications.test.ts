import { describe, expect, it } from 'vitest';
import { linkTo, readableBody, recordPathOf, relativeTime, typeLabel } from './notifications';

describe('notification links', () => {
  it('maps each subject to the app’s route', () => {
    expect(linkTo({ link: { type: 'deal', id: 'd1' } })).toBe('/deals/d1');
    expect(linkTo({ link: { type: 'ticket', id: 't1' } })).toBe('/support/t1');
    expect(linkTo({ link: { type: 'contact', id: 'c1' } })).toBe('/contacts/c1');
    expect(linkTo({ link: { type: 'company', id: 'co1' } })).toBe('/companies/co1');
    expect(linkTo({ link: { type: 'task', id: 'k1' } })).toBe('/inbox/open/task/k1');
    expect(linkTo({ link: { type: 'activity', id: 'a1' } })).toBe('/inbox/open/activity/a1');
    expect(linkTo({ link: { type: 'webhook-subscription', id: 'w1' } })).toBe('/admin/webhooks/w1');
    expect(linkTo({ link: { type: 'something-new', id: 'x' } })).toBeNull();
    expect(linkTo({})).toBeNull();
  });

  it('puts a task or a note on its contact, else its company, else its deal', () => {
    expect(recordPathOf({ contactIds: ['c1', 'c2'], companyId: 'co1', dealId: 'd1' })).toBe('/contacts/c1');
    expect(recordPathOf({ contactIds: [], companyId: 'co1', dealId: 'd1' })).toBe('/companies/co1');
    expect(recordPathOf({ dealId: 'd1' })).toBe('/deals/d1');
    expect(recordPathOf({})).toBeNull();
  });
});

describe('notification text', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('says how long ago, in words', () => {
    expect(relativeTime('2026-12-06T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-12-06T12:00:20Z', now)).toBe('just now');
    expect(relativeTime('2026-12-06T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-12-06T09:10:00Z', now)).toBe('2 hours ago');
    expect(relativeTime('2026-12-03T12:00:00Z', now)).toBe('3 days ago');
    expect(relativeTime('2026-11-01T12:00:00Z', now)).toMatch(/2026/);
  });

  it('shows the services’ raw timestamps as dates people read', () => {
    const body = readableBody('Due 2026-12-06T17:00:00Z — from manager');
    expect(body).not.toMatch(/T17:00|Z —/);
    expect(body).toMatch(/^Due .*2026.* — from manager$/);
    expect(readableBody('In this stage since 2026-11-20T08:15:30.123456Z')).not.toContain('.123456Z');
    expect(readableBody('No time here, version 2026-12')).toBe('No time here, version 2026-12');
  });

  it('shows the moments notification-service words in UTC in the reader’s own zone, as it does the raw ones', () => {
    // The same instant, as bodies written now carry it and as older ones did: one reading in whatever zone this runs.
    expect(readableBody('Due 6 Dec 2026, 17:00 UTC — from manager')).toBe(readableBody('Due 2026-12-06T17:00:00Z — from manager'));
    expect(readableBody('Late — was due 1 Mar 2026, 09:05 UTC')).toBe(readableBody('Late — was due 2026-03-01T09:05:00Z'));
    expect(readableBody('Due 6 Dec 2026, 17:00 UTC — from manager')).not.toContain('UTC');
  });

  it('names each type', () => {
    expect(typeLabel('task-assigned')).toBe('Task assigned');
    expect(typeLabel('brand-new-kind')).toBe('brand new kind');
  });
});
