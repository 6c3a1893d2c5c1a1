import { afterEach, describe, expect, it } from 'vitest';
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
import { setTimeZone } from '../test/timeZone';

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
    const query = listQuery(state, CONTACTS_LIST);
    expect(new Date(query.createdFrom!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    // "to" includes its whole day: the API's createdTo is exclusive, so the next midnight.
    expect(new Date(query.createdTo!).getTime()).toBe(new Date(2026, 3, 1).getTime());
    const filters = filtersOf(state, CONTACTS_LIST);
    expect(filters.q).toBe('nancy');
    expect(filters.sort).toBeUndefined();

    const reopened = stateOfView({ id: 'v', name: 'March', filters, columns: [] }, CONTACTS_LIST);
    expect(reopened).toMatchObject({ view: 'v', from: '2026-03-01', to: '2026-03-31', q: 'nancy' });
    expect(reopened.columns).toEqual(CONTACTS_LIST.defaultColumns);
  });

  describe('date filters are calendar days, whatever the time zone', () => {
    let restore: (() => void)[] = [];
    const inZone = (zone: string) => restore.push(setTimeZone(zone));
    afterEach(() => {
      restore.reverse().forEach((r) => r());
      restore = [];
    });
    const march = { ...emptyState(CONTACTS_LIST), from: '2026-03-01', to: '2026-03-31' };

    it('saves the days, not a zone’s midnight, and queries the API from the midnight of whoever opens the view', () => {
      inZone('Europe/Berlin');
      const filters = filtersOf(march, CONTACTS_LIST);
      expect(filters).toEqual({ createdFrom: '2026-03-01T00:00:00Z', createdTo: '2026-04-01T00:00:00Z' });
      expect(listQuery(march, CONTACTS_LIST)).toMatchObject({
        createdFrom: '2026-02-28T23:00:00.000Z', // Berlin's midnight (UTC+1)
        createdTo: '2026-03-31T22:00:00.000Z', // the midnight after the 31st (summer time, UTC+2)
      });

      // A colleague in Los Angeles opens the shared view: the same days, their own midnights.
      inZone('America/Los_Angeles');
      const opened = stateOfView({ id: 'v', name: 'March', filters, columns: [] }, CONTACTS_LIST);
      expect(opened).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
      expect(listQuery(opened, CONTACTS_LIST)).toMatchObject({
        createdFrom: '2026-03-01T08:00:00.000Z',
        createdTo: '2026-04-01T07:00:00.000Z',
      });
      expect(differsFromView(opened, { id: 'v', name: 'March', filters, columns: [] }, CONTACTS_LIST)).toBe(false);
    });

    it('still reads views saved with the creator’s local midnight', () => {
      // Saved in Berlin before: 1 March 00:00 and 1 April 00:00 Berlin time.
      const berlin = { id: 'old', name: 'Old', filters: { createdFrom: '2026-02-28T23:00:00Z', createdTo: '2026-03-31T22:00:00Z' } };
      // Saved in Auckland (UTC+13 in March) before.
      const auckland = { id: 'nz', name: 'NZ', filters: { createdFrom: '2026-02-28T11:00:00Z', createdTo: '2026-03-31T11:00:00Z' } };
      for (const tz of ['Europe/Berlin', 'America/Los_Angeles', 'UTC']) {
        inZone(tz);
        expect(stateOfView(berlin, CONTACTS_LIST), tz).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
      }
      inZone('Pacific/Auckland');
      expect(stateOfView(auckland, CONTACTS_LIST)).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
      // Nothing usable: no filter rather than a wrong one.
      expect(stateOfView({ id: 'x', name: 'X', filters: { createdFrom: 'soon' } }, CONTACTS_LIST).from).toBe('');
    });
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
