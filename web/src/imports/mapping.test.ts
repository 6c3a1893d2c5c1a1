import { describe, expect, it } from 'vitest';
import { draftOf, formatEta, mappingOf, mappingProblems, sameMapping, samplesOf, selectableFields } from './mapping';
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

  it('offers custom fields but no other prefix field', () => {
    expect(selectableFields(job.fields).map((f) => f.name)).toEqual(['email', 'firstName', 'customFields.']);
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
