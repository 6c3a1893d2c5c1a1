import { describe, expect, it } from 'vitest';
import { COMPANIES, CONTACTS, defaultSide, differingFields, formatScore, mergeRequest } from './merge';
import type { CompanyView, ContactView } from './contract';

const ada: ContactView = {
  id: 'a',
  version: 3,
  firstName: 'Ada',
  lastName: 'Lovelace',
  jobTitle: 'Analyst',
  lifecycleStage: 'lead',
  emails: [{ address: 'ada@example.org', primary: true }],
  phones: [{ number: '+44 20 1234', type: 'work' }],
  tags: ['vip'],
  customFields: { note: 'first' },
  externalIds: { hubspot: '1' },
};
const ada2: ContactView = {
  id: 'b',
  version: 7,
  firstName: 'Ada',
  lastName: 'King',
  jobTitle: '',
  leadSource: 'webinar',
  lifecycleStage: 'customer',
  emails: [{ address: 'ADA@example.org' }, { address: 'ada.king@example.org' }],
  phones: [{ number: '+442012 34' }],
  tags: ['VIP', 'london'],
  customFields: { note: 'first', size: 'L' },
  externalIds: { legacy: 'C-1' },
};

describe('merge', () => {
  it('offers the fields that differ, custom fields included, and not the ones both hold alike', () => {
    expect(differingFields(CONTACTS, ada, ada2).map((f) => f.key)).toEqual([
      'lastName',
      'jobTitle',
      'lifecycleStage',
      'leadSource',
      'customFields.size',
    ]);
  });

  it("starts where the service would: the survivor's value, the duplicate's where the survivor has none", () => {
    expect(defaultSide(ada, ada2, 'lastName')).toBe('survivor');
    expect(defaultSide(ada, ada2, 'leadSource')).toBe('duplicate');
    expect(defaultSide(ada, ada2, 'customFields.size')).toBe('duplicate');
    expect(defaultSide(ada2, ada, 'jobTitle')).toBe('duplicate');
  });

  it('builds the request: every differing field, the picks by record, the duplicate and its version', () => {
    // The person picked the duplicate's last name and the survivor's (empty) lead source.
    const picks = { lastName: 'b', leadSource: 'a' };
    expect(mergeRequest(CONTACTS, ada, ada2, picks)).toEqual({
      duplicateId: 'b',
      duplicateVersion: 7,
      keep: {
        lastName: 'duplicate',
        jobTitle: 'survivor',
        lifecycleStage: 'survivor',
        leadSource: 'survivor',
        'customFields.size': 'duplicate',
      },
    });
    // Swapping which record stays keeps the values picked: now they are the survivor's.
    expect(mergeRequest(CONTACTS, ada2, ada, picks).keep).toEqual({
      lastName: 'survivor',
      jobTitle: 'duplicate',
      lifecycleStage: 'survivor',
      leadSource: 'duplicate',
      'customFields.size': 'survivor',
    });
    expect(mergeRequest(CONTACTS, ada2, ada, picks).duplicateId).toBe('a');
  });

  it('shows what is united: emails and tags without case, phones without spacing, ids of every system', () => {
    expect(CONTACTS.united(ada, ada2)).toEqual([
      { label: 'Emails', values: ['ada@example.org', 'ada.king@example.org'] },
      { label: 'Phones', values: ['+44 20 1234'] },
      { label: 'Tags', values: ['vip', 'london'] },
      { label: 'Ids in other systems', values: ['hubspot: 1', 'legacy: C-1'] },
    ]);
  });

  it('companies pick name, domain, industry, size and owner', () => {
    const a: CompanyView = { id: 'x', version: 1, name: 'Northwind', domain: 'northwind.example', industry: 'Food' };
    const b: CompanyView = { id: 'y', version: 2, name: 'Northwind Traders', domain: 'northwind.example', size: '11-50' };
    expect(differingFields(COMPANIES, a, b).map((f) => f.key)).toEqual(['name', 'industry', 'size']);
    expect(mergeRequest(COMPANIES, a, b, {}).keep).toEqual({ name: 'survivor', industry: 'survivor', size: 'duplicate' });
    expect(formatScore(0.916)).toBe('92 % alike');
  });
});
