import { describe, expect, it } from 'vitest';
import {
  draftOf,
  formatEta,
  keyOf,
  keyOptions,
  localProblems,
  mappingOf,
  mappingProblems,
  optionLabel,
  sameMapping,
  samplesOf,
  selectableFields,
} from './mapping';
import type { ImportJob } from './api';

const job: ImportJob = {
  id: 'j1',
  columns: ['E-mail', 'Name', 'Notes', 'columns.odd'],
  sample: [
    ['ada@example.org', 'Ada', 'line one\nline two', ''],
    ['', 'Bob', 'x', ''],
  ],
  fields: [
    { name: 'email', label: 'Email', key: true, repeatable: true },
    { name: 'firstName', label: 'First name' },
    { name: 'other.', label: 'Other prefix' },
    { name: 'customFields.', label: 'Custom field' },
  ],
  suggestedMapping: { columns: { 'E-mail': 'email', Notes: 'customFields.note' }, key: 'email' },
};

describe('import mapping', () => {
  it('opens with the suggestion, a custom field split into the choice and its name', () => {
    const draft = draftOf(job);
    expect(draft.key).toBe('email');
    expect(draft.columns['E-mail']).toEqual({ field: 'email', customName: '' });
    expect(draft.columns['Notes']).toEqual({ field: 'customFields.', customName: 'note' });
    expect(draft.columns['Name']).toEqual({ field: '', customName: '' });
    expect(mappingOf(draft)).toEqual(job.suggestedMapping);
    expect(sameMapping(job.suggestedMapping, mappingOf(draft))).toBe(true);
    expect(sameMapping(undefined, mappingOf(draft))).toBe(false);
  });

  it('offers every field, prefix fields with a name typed beside them', () => {
    expect(selectableFields(job.fields).map((f) => f.name)).toEqual(['email', 'firstName', 'other.', 'customFields.']);
    expect(selectableFields(job.fields).map(optionLabel)).toEqual(['Email', 'First name', 'Other prefix…', 'Custom field…']);
  });

  it("puts the service's problems on their column's row, a column name with dots included", () => {
    const p = mappingProblems(
      {
        status: 400,
        errors: [
          { field: 'columns.columns.odd', message: 'no field x' },
          { field: 'key', message: 'no column is mapped to email' },
          { field: 'mapping', message: 'is not set' },
        ],
      },
      job.columns!,
    );
    expect(p.columns).toEqual({ 'columns.odd': 'no field x' });
    expect(p.key).toBe('no column is mapped to email');
    expect(p.general).toBe('mapping: is not set');
  });

  it('shows non-blank samples and a readable ETA', () => {
    expect(samplesOf(job, 'E-mail')).toEqual(['ada@example.org']);
    expect(samplesOf(job, 'Notes')).toEqual(['line one\nline two', 'x']);
    expect(formatEta(42)).toBe('about 42 s left');
    expect(formatEta(600)).toBe('about 10 min left');
    expect(formatEta(null)).toBeNull();
  });
});

/** What the services send per kind (the labels as platform/imports' targets give them). */
const EXTERNAL = { name: 'externalIds.', label: 'Id in another system (externalIds.<source>)', key: true };
const companies: ImportJob = {
  id: 'c1',
  kind: 'companies',
  columns: ['Company', 'Website', 'HubSpot id'],
  sample: [['Northwind', 'northwind.example', '42']],
  fields: [
    { name: 'name', label: 'Name' },
    { name: 'domain', label: 'Domain', key: true },
    { name: 'industry', label: 'Industry' },
    { name: 'customFields.', label: 'Custom field' },
    EXTERNAL,
  ],
  suggestedMapping: { columns: { Company: 'name', Website: 'domain' }, key: 'domain' },
};
const deals: ImportJob = {
  id: 'd1',
  kind: 'deals',
  columns: ['Deal', 'Amount', 'CRM id'],
  sample: [['Big one', '1000', 'D-1']],
  fields: [{ name: 'title', label: 'Title' }, { name: 'amount', label: 'Amount' }, { name: 'customFields.', label: 'Custom field' }, EXTERNAL],
  suggestedMapping: { columns: { Deal: 'title', Amount: 'amount' } },
};

describe('import mapping per kind', () => {
  it('companies: keyed by domain, or by an id in another system once a column names its source', () => {
    const draft = draftOf(companies);
    expect(keyOptions(companies.fields, draft)).toEqual([{ value: 'domain', label: 'Domain' }]);
    expect(mappingOf(draft, companies.fields)).toEqual({ columns: { Company: 'name', Website: 'domain' }, key: 'domain' });

    const withId = { ...draft, columns: { ...draft.columns, 'HubSpot id': { field: 'externalIds.', customName: ' hubspot ' } } };
    expect(keyOptions(companies.fields, withId)).toEqual([
      { value: 'domain', label: 'Domain' },
      { value: 'externalIds.hubspot', label: 'Id in hubspot' },
    ]);
    expect(mappingOf({ ...withId, key: 'externalIds.hubspot' }, companies.fields)).toEqual({
      columns: { Company: 'name', Website: 'domain', 'HubSpot id': 'externalIds.hubspot' },
      key: 'externalIds.hubspot',
    });
  });

  it('deals: no key until a column is an id in another system, which then is the key', () => {
    const draft = draftOf(deals);
    expect(keyOptions(deals.fields, draft)).toEqual([]);
    expect(keyOf(deals.fields, draft)).toBe('');
    const mapped = { ...draft, columns: { ...draft.columns, 'CRM id': { field: 'externalIds.', customName: '' } } };
    expect(localProblems(mapped)).toEqual({ 'CRM id': 'Name the source system.' });
    const named = { ...mapped, columns: { ...mapped.columns, 'CRM id': { field: 'externalIds.', customName: 'legacy-erp' } } };
    expect(localProblems(named)).toEqual({});
    expect(mappingOf(named, deals.fields)).toEqual({
      columns: { Deal: 'title', Amount: 'amount', 'CRM id': 'externalIds.legacy-erp' },
      key: 'externalIds.legacy-erp',
    });
  });

  it('activities: a saved mapping keyed by an external id opens split into the prefix and its source', () => {
    const activities: ImportJob = {
      id: 'a1',
      kind: 'activities',
      columns: ['Type', 'Legacy id', 'Topic'],
      fields: [{ name: 'type', label: 'Type' }, { name: 'customFields.', label: 'Custom field' }, EXTERNAL],
      mapping: { columns: { Type: 'type', 'Legacy id': 'externalIds.legacy', Topic: 'customFields.topic' }, key: 'externalIds.legacy' },
    };
    const draft = draftOf(activities);
    expect(draft.columns['Legacy id']).toEqual({ field: 'externalIds.', customName: 'legacy' });
    expect(draft.columns['Topic']).toEqual({ field: 'customFields.', customName: 'topic' });
    expect(keyOptions(activities.fields, draft)).toEqual([{ value: 'externalIds.legacy', label: 'Id in legacy' }]);
    expect(sameMapping(activities.mapping, mappingOf(draft, activities.fields))).toBe(true);
  });
});
