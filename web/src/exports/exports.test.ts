import { describe, expect, it } from 'vitest';
import { exportQuery, fileNameOf } from './exports';

describe('export', () => {
  it("sends the list's filters, its visible columns in order and the format", () => {
    expect(
      exportQuery({ q: undefined, lifecycleStage: 'customer', tag: 'vip', sort: 'name' }, ['name', 'stage', 'email'], 'xlsx'),
    ).toEqual({ lifecycleStage: 'customer', tag: 'vip', sort: 'name', columns: 'name,stage,email', format: 'xlsx' });
  });

  it("names the file as the service does, else after the kind and the day", () => {
    expect(fileNameOf('attachment; filename="contacts-2026-12-06.csv"', 'contacts', 'csv')).toBe('contacts-2026-12-06.csv');
    expect(fileNameOf(null, 'companies', 'xlsx', new Date('2026-03-01T10:00:00Z'))).toBe('companies-2026-03-01.xlsx');
  });
});
