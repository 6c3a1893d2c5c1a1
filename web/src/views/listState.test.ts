import { describe, expect, it } from 'vitest';
import { CONTACTS_LIST } from '../contacts/ContactsPage';
import { COMPANIES_LIST } from '../companies/CompaniesPage';
import {
  differsFromView,
  emptyState,
  filtersOf,
  listQuery,
  paramsFromState,
  stateFromParams,
  stateOfView,
} from './listState';

describe('list state', () => {
  it('round-trips through the URL, keeping only what differs from the defaults', () => {
    const state = {
      ...emptyState(CONTACTS_LIST),
      view: 'v1',
      stage: 'customer',
      tag: 'vip',
      from: '2026-01-01',
      sort: '-updated',
      columns: ['name', 'stage', 'email'],
    };
    const params = paramsFromState(state, CONTACTS_LIST);
    expect(params).toEqual({
      view: 'v1',
      stage: 'customer',
      tag: 'vip',
      from: '2026-01-01',
      sort: '-updated',
      cols: 'name,stage,email',
    });
    expect(stateFromParams(new URLSearchParams(params), CONTACTS_LIST)).toEqual(state);
    expect(paramsFromState(emptyState(CONTACTS_LIST), CONTACTS_LIST)).toEqual({});
  });

  it('drops unknown columns and sorts from a link, always shows the name, and ignores contact filters on companies', () => {
    const state = stateFromParams(
      new URLSearchParams('cols=email,bogus,email&sort=owner&stage=lead&company=x'),
      COMPANIES_LIST,
    );
    expect(state.columns).toEqual(['name']);
    expect(state.sort).toBe('name');
    expect(state.stage).toBe('');
    expect(state.company).toBe('');
    expect(stateFromParams(new URLSearchParams('cols=email,stage'), CONTACTS_LIST).columns).toEqual([
      'name',
      'email',
      'stage',
    ]);
  });

  it('turns the inclusive date range into the API instants and back', () => {
    const state = { ...emptyState(CONTACTS_LIST), from: '2026-03-01', to: '2026-03-31', q: ' nancy ' };
    const filters = filtersOf(state, CONTACTS_LIST);
    expect(new Date(filters.createdFrom!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    // "to" includes its whole day: the API's createdTo is exclusive, so the next midnight.
    expect(new Date(filters.createdTo!).getTime()).toBe(new Date(2026, 3, 1).getTime());
    expect(filters.q).toBe('nancy');
    expect(filters.sort).toBeUndefined();

    const reopened = stateOfView({ id: 'v', name: 'March', filters, columns: [] }, CONTACTS_LIST);
    expect(reopened).toMatchObject({ view: 'v', from: '2026-03-01', to: '2026-03-31', q: 'nancy' });
    expect(reopened.columns).toEqual(CONTACTS_LIST.defaultColumns);
  });

  it('knows when the list no longer shows what the view saved', () => {
    const view = { id: 'v', name: 'Leads', filters: { lifecycleStage: 'lead' as const }, columns: ['name', 'email'] };
    const opened = stateOfView(view, CONTACTS_LIST);
    expect(differsFromView(opened, view, CONTACTS_LIST)).toBe(false);
    expect(differsFromView({ ...opened, tag: 'vip' }, view, CONTACTS_LIST)).toBe(true);
    expect(differsFromView({ ...opened, columns: ['name'] }, view, CONTACTS_LIST)).toBe(true);
    expect(differsFromView({ ...opened, columns: ['email', 'name'] }, view, CONTACTS_LIST)).toBe(true);
  });

  it('leaves the sort out of a contact search (the API orders it by relevance)', () => {
    const state = { ...emptyState(CONTACTS_LIST), q: 'davolo', sort: '-created' };
    expect(listQuery(state, CONTACTS_LIST).sort).toBeUndefined();
    expect(listQuery({ ...state, q: '' }, CONTACTS_LIST).sort).toBe('-created');
    expect(listQuery(state, COMPANIES_LIST)).toMatchObject({ q: 'davolo', sort: '-created' });
  });
});
